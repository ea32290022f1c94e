import * as core from '@actions/core'
import { apply } from './apply.js'
import { createAuth } from './auth/index.js'
import type { TokenProvider } from './auth/provider.js'
import { removeSshFiles, resolveRemotes } from './auth/remotes.js'
import { retainBackups } from './backups/run.js'
import { Git, isStopping } from './git/git.js'
import type { Remote } from './git/remote.js'
import { scrub } from './git/secrets.js'
import { InputError, parseInputs, readInputs, shown, type KnownInputs, type Options } from './inputs.js'
import { copyLfs, type LfsResult } from './lfs/copy.js'
import { isWrite } from './plan.js'
import { planWithFacts } from './plan-with-facts.js'
import { isMirrorBranch, syncPullRequests } from './pulls/sync.js'
import type { Outcome, PlannedRef, PullOutcome } from './record.js'
import { analyse } from './refs/analyse.js'
import { incomingCommits } from './refs/incoming.js'
import { listSides } from './refs/sides.js'
import { selectRefs } from './refs/select.js'
import { HEADS, TAGS, shortName, type RemoteRefs } from './refs/types.js'
import { buildReport, describeSide, publishReport, type RunRecord } from './report/publish.js'
import type { PrunedBackup, SyncReport } from './report/schema.js'
import { restorePlan } from './restore/run.js'
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
      // After a cancel no new step starts (no API call, no git) but the report, which says so; the
      // signal handler ends the process.
      if (isStopping() && name !== 'Report') throw new Error(`${name}: not started, the run was cancelled`)
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
  let close: (() => Promise<void>) | undefined
  let remotes: { source: Remote; target: Remote } | undefined
  let workDir: string | undefined
  let planned: PlannedRef[] = []
  let outcomes = new Map<string, Outcome>()
  let pulls = new Map<string, PullOutcome>()
  let backupsPruned: PrunedBackup[] | undefined
  let lfs: LfsResult | undefined
  const warnings: string[] = []
  let error: string | null = null
  try {
    core.info(`git ${await Git.checkVersion()}`)
    auth = createAuth(options)
    const provider = auth
    // One close, whoever asks first: a cancel that arrives while the run is closing waits for that
    // same revocation instead of exiting under it.
    let closing: Promise<void> | undefined
    close = () => (closing ??= provider.close())
    // A cancelled job still revokes what it minted.
    stopOnCancel = onCancel(close)
    const resolved = (remotes = await phase('Authenticate', () => resolveRemotes(options, provider, env)))
    workDir = makeWorkDir('repo-mirror-', env)
    const git = await Git.init(workDir)
    await git.keepFetchedPacks()

    const { sourceRefs, targetRefs, branches } = await phase('List refs', () =>
      listSides(git, resolved, options)
    )
    let guard: string | undefined
    if (options.mode === 'restore')
      planned = await phase('Plan the restore', () =>
        restorePlan(git, resolved.target, targetRefs, branches, options, startedAt, warnings)
      )
    else {
      const selection = selectRefs(sourceRefs, targetRefs, branches, options.tags)
      warnings.push(...selection.warnings)
      if (selection.errors.length) throw new Error(selection.errors.join('\n'))
      // The branches pull requests come from belong to the action, never to the mirror.
      const selected = selection.refs.filter(r => !isMirrorBranch(r, options))
      if (selected.length === 0) throw new Error(nothingSelected(sourceRefs, targetRefs))

      const states = await phase('Analyse', () =>
        analyse({
          git,
          source: resolved.source,
          target: resolved.target,
          sourceRefs,
          targetRefs,
          selected,
          prune: options.prune,
          retries: options.retries,
          timings
        })
      )
      const decided = await planWithFacts(
        git,
        states,
        targetRefs,
        resolved.target,
        options,
        startedAt,
        warnings
      )
      // The guard held deletions back; everything else the plan allowed is still written.
      guard = decided.guard
      const incoming = await incomingCommits(git, decided.updates, targetRefs)
      planned = decided.updates.map(u => (incoming.has(u.ref) ? { ...u, incoming: incoming.get(u.ref) } : u))
    }
    const updates = planned
    if (!options.dryRun && updates.some(isWrite)) {
      lfs = await phase('Git LFS', () =>
        copyLfs({
          git,
          source: resolved.source,
          target: resolved.target,
          updates,
          targetRefs,
          mode: options.lfs,
          workDir: workDir!
        })
      )
      outcomes = await phase('Push', () =>
        apply(git, resolved.target, updates, {
          retries: options.retries,
          maxRefsPerPush: options.maxRefsPerPush,
          warnings
        })
      )
    }
    if (options.onConflict === 'pull-request' && options.mode === 'mirror')
      pulls = await phase('Pull requests', () =>
        syncPullRequests({
          git,
          source: resolved.source,
          target: resolved.target,
          updates,
          outcomes,
          targetRefs,
          options,
          env
        })
      )
    if (options.backupRetentionDays !== undefined)
      backupsPruned = await phase('Backup retention', () =>
        retainBackups(git, resolved.target, options, new Date())
      )
    if (guard) error = guard
  } catch (err) {
    error = messageOf(err)
  } finally {
    await close?.()
    stopOnCancel?.()
    if (workDir) removeWorkDir(workDir)
    removeSshFiles(remotes)
  }

  return phase('Report', () =>
    report(env, options, {
      mode: options.mode,
      source: describeSide(options.source, remotes?.source),
      target: describeSide(options.target, remotes?.target),
      auth: auth?.method ?? (options.app ? 'github-app' : 'token'),
      planned,
      outcomes,
      pulls,
      backupsPruned,
      lfs,
      warnings,
      error,
      timings,
      startedAt
    })
  )
}

/** Why a run that selects nothing fails: it would be green forever while mirroring nothing. */
function nothingSelected(source: RemoteRefs, target: RemoteRefs): string {
  const names = (prefix: string) =>
    [...new Set([...source.refs.keys(), ...target.refs.keys()])]
      .filter(r => r.startsWith(prefix))
      .map(shortName)
      .sort()
  const list = (n: string[]) =>
    n.length ? n.slice(0, 5).map(shown).join(', ') + (n.length > 5 ? ', …' : '') : 'none'
  return `no branch or tag was selected, so nothing would be mirrored: check the branches and tags inputs (branches that exist: ${list(names(HEADS))}; tags: ${list(names(TAGS))})`
}

/** Builds and publishes the report; if even that fails, the step fails saying why. */
async function report(
  env: NodeJS.ProcessEnv,
  known: KnownInputs,
  facts: Omit<RunRecord, 'dryRun' | 'force' | 'prune' | 'finishedAt' | 'env'>
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
