import * as core from '@actions/core'
import { apply, type PushOutcome } from './apply.js'
import { createAuth } from './auth/index.js'
import type { TokenProvider } from './auth/provider.js'
import { removeSshFiles, resolveRemotes } from './auth/remotes.js'
import { Git, isStopping, keepFetchedPacks } from './git/git.js'
import type { Remote } from './git/remote.js'
import { scrub } from './git/secrets.js'
import type { Options } from './inputs.js'
import { decide } from './decide.js'
import { copyLfs, type LfsResult } from './lfs/copy.js'
import { isWrite, type RefUpdate } from './plan.js'
import { analyse } from './refs/analyse.js'
import { listSides } from './refs/sides.js'
import { selectRefs } from './refs/select.js'
import { countResults, refResults, verdict } from './report/build.js'
import { githubWebUrl } from './report/links.js'
import { SyncReportSchema, type SyncReport } from './report/schema.js'
import { makeWorkDir, onCancel, removeWorkDir } from './workdir.js'
import { incomingCommits } from './refs/incoming.js'
import { restorePlan } from './restore/run.js'
import { retainBackups } from './backups/run.js'
import { isMirrorBranch, syncPullRequests } from './pulls/sync.js'
import type { PullOutcome } from './report/build.js'
import type { PrunedBackup } from './report/schema.js'

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
  let updates: RefUpdate[] = []
  let outcomes = new Map<string, PushOutcome>()
  let pulls = new Map<string, PullOutcome>()
  let guard: string | undefined
  let backupsPruned: PrunedBackup[] | undefined
  let lfs: LfsResult | undefined
  const warnings: string[] = []
  let error: string | null = null
  try {
    auth = deps.createAuth(options)
    const provider = auth
    // One close, whoever asks first: a cancel that arrives while the run is closing waits for that
    // same revocation instead of exiting under it.
    let closing: Promise<void> | undefined
    close = () => (closing ??= provider.close())
    // A cancelled job still revokes what it minted.
    stopOnCancel = onCancel(close)
    const resolved = (remotes = await phase('Authenticate', () => resolveRemotes(options, auth!, env)))
    workDir = makeWorkDir('repo-mirror-', env)
    const git = new Git(workDir)
    await git.run(['init', '--bare', '--quiet'])
    await keepFetchedPacks(git)

    const { sourceRefs, targetRefs, branches } = await phase('List refs', () =>
      listSides(git, resolved, options)
    )
    if (options.mode === 'restore')
      updates = await phase('Plan the restore', () =>
        restorePlan(git, resolved.target, targetRefs, branches, options, startedAt, warnings)
      )
    else {
      const selection = selectRefs(sourceRefs, targetRefs, branches, options.tags)
      warnings.push(...selection.warnings)
      // The branches pull requests come from belong to the action, never to the mirror.
      const selected = selection.refs.filter(r => !isMirrorBranch(r, options))
      if (selected.length === 0)
        warnings.push(`no branch or tag was selected${options.force ? ': force has nothing to act on' : ''}`)

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
      const decided = await decide(git, states, targetRefs, resolved.target, options, startedAt, warnings)
      updates = decided.updates
      // The guard held deletions back; everything else the plan allowed is still written.
      guard = decided.guard
      const incoming = await incomingCommits(git, updates, targetRefs)
      updates = updates.map(u => (incoming.has(u.ref) ? { ...u, incoming: incoming.get(u.ref) } : u))
    }
    if (!options.dryRun && updates.some(isWrite))
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
    if (!options.dryRun && updates.some(isWrite))
      outcomes = await phase('Push', () =>
        apply(git, resolved.target, updates, {
          retries: options.retries,
          maxRefsPerPush: options.maxRefsPerPush,
          targetRefs: targetRefs.refs,
          warnings
        })
      )
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
        retainBackups(git, resolved.target, options, deps.now())
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

  const authMethod = auth?.method ?? (options.app ? 'github-app' : 'token')
  try {
    return await phase('Report', () =>
      Promise.resolve(
        buildReport({
          options,
          remotes,
          updates,
          outcomes,
          pulls,
          backupsPruned,
          warnings,
          error,
          timings,
          startedAt,
          deps,
          authMethod,
          lfs
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
  pulls: Map<string, PullOutcome>
  backupsPruned?: PrunedBackup[]
  warnings: string[]
  error: string | null
  timings: Record<string, number>
  startedAt: Date
  deps: Deps
  authMethod: string
  lfs?: LfsResult
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
  const refs = refResults(r.updates, r.outcomes, options.dryRun, r.pulls).map(x => ({
    ...x,
    message: scrub(x.message),
    cause: x.cause ? { kind: x.cause.kind, detail: scrub(x.cause.detail) } : x.cause
  }))
  const result = verdict(refs, options.dryRun, r.error)
  return SyncReportSchema.parse({
    schemaVersion: 1,
    mode: options.mode,
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
    lfs: r.lfs,
    error: r.error,
    refs,
    ...(r.backupsPruned ? { backupsPruned: r.backupsPruned } : {})
  })
}
