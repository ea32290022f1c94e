import * as core from './runner.js'
import { createAuth } from './auth/index.js'
import type { TokenProvider } from './auth/provider.js'
import { removeSshFiles, resolveRemotes } from './auth/remotes.js'
import { Git, isStopping } from './git/git.js'
import type { Remote } from './git/remote.js'
import { scrub } from './git/secrets.js'
import { shown, type Options } from './inputs.js'
import type { LfsResult } from './lfs/copy.js'
import { isWrite } from './plan.js'
import { planWithFacts } from './plan-with-facts.js'
import { isMirrorBranch } from './pulls/branch.js'
import type { Outcome, PlannedRef, PullOutcome } from './record.js'
import { analyse, type FetchRound } from './refs/analyse.js'
import { incomingCommits } from './refs/incoming.js'
import { listSides } from './refs/sides.js'
import { selectRefs } from './refs/select.js'
import { HEADS, TAGS, shortName, type RemoteRefs } from './refs/types.js'
import { buildReport, describeSide } from './report/publish.js'
import type { PrunedBackup, SyncReport } from './report/schema.js'
import { makeWorkDir, onCancel, removeWorkDir } from './workdir.js'

// What only some runs do is loaded when a run first needs it: a run that finds the target in sync
// pays for none of it.
const restoreRun = () => import('./restore/run.js')
const twoWay = () => import('./two-way.js')

export const messageOf = (err: unknown) => scrub(err instanceof Error ? err.message : String(err))

let gitVersion: Promise<string> | undefined

/**
 * The engine: mirrors (or restores) one source → target pair from plain options (the action's
 * inputs, a fleet leg, a fleet config or CLI flags all become Options first) and returns its
 * report: auth → refs → plan → apply → report. Publishing the report (file, outputs, summary,
 * artifact, step status) is the caller's. Throws only when the report itself cannot be made; every
 * other failure is in the report.
 */
export async function mirror(options: Options, env: NodeJS.ProcessEnv = process.env): Promise<SyncReport> {
  const startedAt = new Date()
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
  let fetchRounds: FetchRound[] | undefined
  const warnings: string[] = []
  let error: string | null = null
  try {
    // Checked once per process: a fleet's pairs share the one git on PATH.
    core.info(`git ${await (gitVersion ??= Git.checkVersion())}`)
    auth = await createAuth(options)
    const provider = auth
    // One close, whoever asks first: a cancel that arrives while the run is closing waits for that
    // same revocation instead of exiting under it.
    let closing: Promise<void> | undefined
    close = () => (closing ??= provider.close())
    // A cancelled job still revokes what it minted.
    stopOnCancel = onCancel(close)
    const resolved = (remotes = await phase('Authenticate', () => resolveRemotes(options, provider, env)))
    workDir = makeWorkDir('repo-mirror-', env)
    // Listing both sides needs no repository: it is made only if something must be fetched.
    const git = Git.deferred(workDir)

    const { sourceRefs, targetRefs, branches } = await phase('List refs', () =>
      listSides(git, resolved, options)
    )
    let guard: string | undefined
    if (options.mode === 'restore')
      planned = await phase('Plan the restore', async () =>
        (await restoreRun()).restorePlan(
          git,
          resolved.target,
          targetRefs,
          branches,
          options,
          startedAt,
          warnings
        )
      )
    else {
      const selection = selectRefs(sourceRefs, targetRefs, branches, options.tags)
      warnings.push(...selection.warnings)
      if (selection.errors.length) throw new Error(selection.errors.join('\n'))
      // The branches pull requests come from belong to the action, never to the mirror.
      const selected = selection.refs.filter(r => !isMirrorBranch(r, options))
      if (selected.length === 0) throw new Error(nothingSelected(sourceRefs, targetRefs))

      if (options.direction === 'both') {
        const sides = { git, remotes: resolved, refs: { source: sourceRefs, target: targetRefs }, options }
        const both = await phase('Analyse', async () =>
          (await twoWay()).planBothWays(sides, selected, branches, startedAt, warnings, timings)
        )
        planned = both.updates
        guard = both.guard
        fetchRounds = both.rounds
        // Also when no ref changes: the memory of refs that already agree may need writing.
        if (!options.dryRun)
          ({ outcomes, lfs } = await phase('Push', async () =>
            (await twoWay()).applyBothWays(sides, both, workDir!, warnings)
          ))
      } else {
        const analysis = await phase('Analyse', () =>
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
        fetchRounds = analysis.rounds
        const decided = await planWithFacts(
          git,
          analysis.states,
          targetRefs,
          resolved.target,
          options,
          startedAt,
          warnings
        )
        // The guard held deletions back; everything else the plan allowed is still written.
        guard = decided.guard
        const incoming = await incomingCommits(git, decided.updates, targetRefs)
        planned = decided.updates.map(u =>
          incoming.has(u.ref) ? { ...u, incoming: incoming.get(u.ref) } : u
        )
      }
    }
    const updates = planned
    const oneWay = options.direction === 'source-to-target'
    if (oneWay && !options.dryRun && updates.some(isWrite)) {
      lfs = await phase('Git LFS', async () =>
        (await import('./lfs/copy.js')).copyLfs({
          git,
          source: resolved.source,
          target: resolved.target,
          updates,
          targetRefs,
          mode: options.lfs,
          workDir: workDir!
        })
      )
      outcomes = await phase('Push', async () =>
        (await import('./apply.js')).apply(git, resolved.target, updates, {
          retries: options.retries,
          maxRefsPerPush: options.maxRefsPerPush,
          warnings
        })
      )
    }
    if (options.onConflict === 'pull-request' && options.mode === 'mirror')
      pulls = await phase('Pull requests', async () =>
        (await import('./pulls/sync.js')).syncPullRequests({
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
      backupsPruned = await phase('Backup retention', async () => {
        // Two-way sync backs up tips in both repositories.
        const sides = oneWay ? [resolved.target] : [resolved.target, resolved.source]
        const pruned: PrunedBackup[] = []
        const { retainBackups } = await import('./backups/run.js')
        for (const remote of sides) pruned.push(...(await retainBackups(git, remote, options, new Date())))
        return pruned
      })
    if (guard) error = guard
  } catch (err) {
    error = messageOf(err)
  } finally {
    await close?.()
    stopOnCancel?.()
    if (workDir) removeWorkDir(workDir)
    removeSshFiles(remotes)
  }

  try {
    return await phase('Report', () =>
      Promise.resolve(
        buildReport({
          mode: options.mode === 'restore' ? 'restore' : 'mirror',
          direction: options.direction,
          source: describeSide(options.source, remotes?.source),
          target: describeSide(options.target, remotes?.target),
          auth: auth?.method ?? (options.app ? 'github-app' : 'token'),
          dryRun: options.dryRun,
          force: options.force,
          prune: options.prune,
          planned,
          outcomes,
          pulls,
          backupsPruned,
          lfs,
          warnings,
          error,
          timings,
          fetchRounds,
          startedAt,
          finishedAt: new Date(),
          env
        })
      )
    )
  } catch (err) {
    throw new Error(`could not write the report: ${messageOf(err)}${error ? `\n${error}` : ''}`, {
      cause: err
    })
  }
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
