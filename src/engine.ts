import * as core from '@actions/core'
import { apply, type PushOutcome } from './apply.js'
import { createAuth } from './auth/index.js'
import type { TokenProvider } from './auth/provider.js'
import { resolveRemotes } from './auth/remotes.js'
import { Git } from './git/git.js'
import type { Remote } from './git/remote.js'
import { scrub } from './git/secrets.js'
import type { Options } from './inputs.js'
import { decide } from './decide.js'
import { isWrite, type RefUpdate } from './plan.js'
import { analyse } from './refs/analyse.js'
import { pushView } from './refs/fetch.js'
import { listSides } from './refs/sides.js'
import { selectRefs } from './refs/select.js'
import { countResults, refResults, verdict } from './report/build.js'
import { githubWebUrl } from './report/links.js'
import { SyncReportSchema, type SyncReport } from './report/schema.js'
import { makeWorkDir, onCancel, removeWorkDir } from './workdir.js'

/** What the run takes from its surroundings; tests pass their own. */
export interface Deps {
  env: NodeJS.ProcessEnv
  now: () => Date
  createAuth: (options: Options) => TokenProvider
}

export const defaultDeps: Deps = { env: process.env, now: () => new Date(), createAuth }

export const messageOf = (err: unknown) => scrub(err instanceof Error ? err.message : String(err))

/**
 * The engine: mirrors one source → target pair from plain options (the action's inputs, a fleet
 * config or CLI flags all become Options first) and returns its report. Publishing the report
 * (file, outputs, summary, artifact, exit status) is the caller's. Throws only when the report
 * itself cannot be made; every other failure is in the report.
 */
export async function mirror(options: Options, deps: Deps = defaultDeps): Promise<SyncReport> {
  const { env } = deps
  const startedAt = deps.now()
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
  let updates: RefUpdate[] = []
  let outcomes = new Map<string, PushOutcome>()
  const warnings: string[] = []
  let error: string | null = null
  try {
    auth = deps.createAuth(options)
    const provider = auth
    // A cancelled job still revokes what it minted.
    stopOnCancel = onCancel(() => provider.close())
    const resolved = (remotes = await phase('Authenticate', () => resolveRemotes(options, auth!)))
    workDir = makeWorkDir('repo-mirror-', env)
    const git = new Git(workDir)
    await git.run(['init', '--bare', '--quiet'])

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
    updates = await decide(git, states, targetRefs, resolved.target, options, startedAt, warnings)
    if (!options.dryRun && updates.some(isWrite))
      outcomes = await phase('Push', async () =>
        apply(await pushView(git), resolved.target, updates, options.retries)
      )
  } catch (err) {
    error = messageOf(err)
  } finally {
    stopOnCancel?.()
    await auth?.close()
    if (workDir) removeWorkDir(workDir)
  }

  const authMethod = auth?.method ?? (options.app ? 'github-app' : 'token')
  try {
    return await phase('Report', () =>
      Promise.resolve(
        buildReport({
          options,
          remotes,
          updates,
          outcomes,
          warnings,
          error,
          timings,
          startedAt,
          deps,
          authMethod
        })
      )
    )
  } catch (err) {
    throw new Error(`could not write the report: ${messageOf(err)}${error ? `\n${error}` : ''}`, {
      cause: err
    })
  }
}

interface ReportInput {
  options: Options
  remotes?: { source: Remote; target: Remote }
  updates: RefUpdate[]
  outcomes: Map<string, PushOutcome>
  warnings: string[]
  error: string | null
  timings: Record<string, number>
  startedAt: Date
  deps: Deps
  authMethod: string
}

function describe(spec: Options['source'], remote?: Remote): SyncReport['source'] {
  if (remote)
    return {
      repo: remote.display,
      url: remote.local ? null : remote.url,
      webUrl: remote.local ? null : githubWebUrl(remote)
    }
  if (spec.kind === 'path') return { repo: spec.path, url: null, webUrl: null }
  const githubRepo = spec.kind === 'github' ? `${spec.owner}/${spec.name}` : undefined
  const serverUrl = spec.kind === 'github' ? spec.serverUrl : undefined
  return {
    repo: githubRepo ?? spec.url,
    url: spec.url,
    webUrl: githubWebUrl({ url: spec.url, githubRepo, serverUrl })
  }
}

function buildReport(r: ReportInput): SyncReport {
  const { options } = r
  const { env } = r.deps
  // Per-ref messages may quote the remote (git push summaries): scrubbed like every other text.
  const refs = refResults(r.updates, r.outcomes, options.dryRun).map(x => ({
    ...x,
    message: scrub(x.message)
  }))
  const result = verdict(refs, options.dryRun, r.error)
  const syncReport = SyncReportSchema.parse({
    schemaVersion: 1,
    source: describe(options.source, r.remotes?.source),
    target: describe(options.target, r.remotes?.target),
    trigger: {
      event: env.GITHUB_EVENT_NAME ?? null,
      runId: env.GITHUB_RUN_ID ?? null,
      workflow: env.GITHUB_WORKFLOW ?? null,
      actor: env.GITHUB_ACTOR ?? null
    },
    startedAt: r.startedAt.toISOString(),
    finishedAt: r.deps.now().toISOString(),
    dryRun: options.dryRun,
    force: options.force,
    prune: options.prune,
    auth: r.authMethod,
    result,
    counts: countResults(refs),
    timings: r.timings,
    warnings: r.warnings.map(scrub),
    error: r.error,
    refs
  })

  return syncReport
}
