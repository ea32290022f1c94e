import * as core from '@actions/core'
import { apply } from './apply.js'
import { createAuth } from './auth/index.js'
import type { TokenProvider } from './auth/provider.js'
import { resolveRemotes } from './auth/remotes.js'
import { Git } from './git/git.js'
import type { Remote } from './git/remote.js'
import { scrub } from './git/secrets.js'
import { InputError, parseInputs, readInputs, type KnownInputs, type Options } from './inputs.js'
import { isWrite } from './plan.js'
import { planWithFacts } from './plan-with-facts.js'
import type { Outcome, PlannedRef } from './record.js'
import { analyse } from './refs/analyse.js'
import { listSides } from './refs/sides.js'
import { selectRefs } from './refs/select.js'
import { buildReport, describeSide, publishReport } from './report/publish.js'
import type { SyncReport } from './report/schema.js'
import { cleanUpOnSignals, makeWorkDir, onCancel, removeWorkDir } from './workdir.js'

const messageOf = (err: unknown) => scrub(err instanceof Error ? err.message : String(err))

/** Runs the mirror: inputs → auth → refs → plan → apply → report. Never throws. */
export async function run(): Promise<SyncReport | undefined> {
  const env = process.env
  const startedAt = new Date()
  cleanUpOnSignals()
  let options: Options
  try {
    options = parseInputs(readInputs(env), env)
  } catch (err) {
    // Even a run that cannot start reports, so the summary says what to fix.
    const known: KnownInputs =
      err instanceof InputError
        ? err.known
        : { reportName: 'sync-report', dryRun: false, force: false, prune: false }
    return report(env, known, {
      source: describeSide(known.source),
      target: describeSide(known.target),
      auth: 'token',
      planned: [],
      outcomes: new Map(),
      warnings: [],
      error: messageOf(err),
      timings: {},
      startedAt
    })
  }

  const timings: Record<string, number> = {}
  const phase = <T>(name: string, fn: () => Promise<T>): Promise<T> =>
    core.group(name, async () => {
      const t0 = performance.now()
      try {
        return await fn()
      } finally {
        timings[name] = Math.round(performance.now() - t0)
        core.info(`${name}: ${timings[name]} ms`)
      }
    })

  let auth: TokenProvider | undefined
  let stopOnCancel: (() => void) | undefined
  let remotes: { source: Remote; target: Remote } | undefined
  let workDir: string | undefined
  let planned: PlannedRef[] = []
  let outcomes = new Map<string, Outcome>()
  const warnings: string[] = []
  let error: string | null = null
  try {
    core.info(`git ${await Git.checkVersion()}`)
    auth = createAuth(options)
    const provider = auth
    // A cancelled job still revokes what it minted.
    stopOnCancel = onCancel(() => provider.close())
    const resolved = (remotes = await phase('Authenticate', () => resolveRemotes(options, auth!)))
    workDir = makeWorkDir('repo-mirror-', env)
    const git = await Git.init(workDir)

    const { sourceRefs, targetRefs, branches } = await phase('List refs', () =>
      listSides(git, resolved, options)
    )
    const selection = selectRefs(sourceRefs, targetRefs, branches, options.tags)
    warnings.push(...selection.warnings)
    if (selection.refs.length === 0)
      warnings.push(`no branch or tag was selected${options.force ? ': force has nothing to act on' : ''}`)

    const states = await phase('Analyse', () =>
      analyse({
        git,
        source: resolved.source,
        target: resolved.target,
        sourceRefs,
        targetRefs,
        selected: selection.refs,
        prune: options.prune,
        retries: options.retries,
        timings
      })
    )
    planned = await planWithFacts(git, states, targetRefs, resolved.target, options, startedAt, warnings)
    if (!options.dryRun && planned.some(isWrite))
      outcomes = await phase('Push', async () =>
        apply(await git.pushView(), resolved.target, planned, options.retries)
      )
  } catch (err) {
    error = messageOf(err)
  } finally {
    stopOnCancel?.()
    await auth?.close()
    if (workDir) removeWorkDir(workDir)
  }

  return phase('Report', () =>
    report(env, options, {
      source: describeSide(options.source, remotes?.source),
      target: describeSide(options.target, remotes?.target),
      auth: auth?.method ?? (options.app ? 'github-app' : 'token'),
      planned,
      outcomes,
      warnings,
      error,
      timings,
      startedAt
    })
  )
}

/** Builds and publishes the report; if even that fails, the step fails saying why. */
async function report(
  env: NodeJS.ProcessEnv,
  known: KnownInputs,
  facts: Omit<Parameters<typeof buildReport>[0], 'dryRun' | 'force' | 'prune' | 'finishedAt' | 'env'>
): Promise<SyncReport | undefined> {
  try {
    const syncReport = buildReport({
      ...facts,
      dryRun: known.dryRun,
      force: known.force,
      prune: known.prune,
      finishedAt: new Date(),
      env
    })
    await publishReport(syncReport, {
      reportName: known.reportName,
      retentionDays: known.retentionDays,
      env
    })
    return syncReport
  } catch (err) {
    core.setOutput('result', 'failed')
    core.setFailed(`could not write the report: ${messageOf(err)}${facts.error ? `\n${facts.error}` : ''}`)
    return undefined
  }
}
