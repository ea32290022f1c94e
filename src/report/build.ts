import type { PushOutcome } from '../apply.js'
import type { RefUpdate } from '../plan.js'
import type { PullRequestRef, RefResult, SyncReport, SyncResult } from './schema.js'

/** What the pull-request step did for a ref it proposes (or whose pull request it closed). */
export interface PullOutcome {
  result: 'proposed' | 'failed' | 'unchanged'
  message: string
  pullRequest?: PullRequestRef
}

const orNull = <T>(v: T | undefined): T | null => (v === undefined || v === '' ? null : v)

/** Joins the plan with what the push did (or would do, in a dry run) into per-ref results. */
export function refResults(
  updates: RefUpdate[],
  outcomes: Map<string, PushOutcome>,
  dryRun: boolean,
  pulls: Map<string, PullOutcome> = new Map()
): RefResult[] {
  return updates.map(u => {
    const o = outcomes.get(u.ref)
    const pr = pulls.get(u.ref)
    const before = orNull(u.targetSha)
    let result: RefResult['result']
    let after: string | null | undefined = before
    let message = u.reason
    if (u.action === 'none') result = 'unchanged'
    else if (u.action === 'skip') result = 'skipped'
    else if (u.action === 'hold') result = 'held'
    else if (u.action === 'pull-request') {
      result = dryRun ? 'planned' : pr?.result === 'proposed' ? 'proposed' : 'failed'
      message = pr
        ? `${u.reason}: ${pr.message}`
        : dryRun
          ? u.reason
          : 'not attempted: the run stopped before it'
    } else if (dryRun) {
      result = 'planned'
      if (u.protectedBranch)
        message = `${u.reason} (the target protects this branch: the push may be refused)`
    } else if (!o) result = 'failed'
    else {
      result = o.result
      after = o.targetAfter === undefined ? null : orNull(o.targetAfter)
      message = o.result !== 'applied' ? o.message : o.note ? `${u.reason} (${o.note})` : u.reason
      if (o.result === 'rejected' && (u.protectedBranch || o.protectedBranch)) {
        result = 'protected'
        message = o.protectedBranch
          ? o.message
          : `the target protects branch '${u.name}' and refused the push (${o.message}); allow the App or token to bypass the protection, or mirror that branch another way`
      }
    }
    if (result === 'failed' && !o && !pr) message = 'not attempted: the run stopped before the push'
    // A ref that synced by itself gets its pull request closed: the note says so.
    if (pr && u.action !== 'pull-request') message = `${message}; ${pr.message}`
    const shows = result === 'applied' || result === 'planned' || result === 'proposed'
    const cause =
      result === 'applied' || result === 'unchanged' || result === 'proposed'
        ? undefined
        : (o?.cause ?? u.cause)
    return {
      ref: u.ref,
      name: u.name,
      kind: u.kind,
      status: u.status,
      action: u.action,
      result,
      sourceSha: orNull(u.sourceSha),
      targetBefore: before,
      targetAfter: after ?? null,
      ahead: u.ahead ?? null,
      behind: u.behind ?? null,
      backupRef: u.backupRef ?? null,
      protected: u.protectedBranch ?? null,
      message,
      cause: cause ? { kind: cause.kind, detail: cause.detail } : null,
      ...(shows && u.incoming ? { incoming: u.incoming } : {}),
      ...(pr?.pullRequest ? { pullRequest: pr.pullRequest } : {})
    }
  })
}

/** Statuses where the target holds something the source would overwrite. */
export const CONFLICT = new Set<RefResult['status']>(['target-ahead', 'diverged', 'tag-moved'])

export function countResults(refs: RefResult[]): SyncReport['counts'] {
  const n = (f: (r: RefResult) => boolean) => refs.filter(f).length
  const applied = (r: RefResult) => r.result === 'applied'
  return {
    selected: refs.length,
    created: n(r => applied(r) && r.action === 'create'),
    fastForwarded: n(r => applied(r) && r.action === 'update'),
    upToDate: n(r => r.status === 'up-to-date'),
    forced: n(r => applied(r) && r.action === 'force-update'),
    pruned: n(r => applied(r) && r.action === 'delete'),
    planned: n(r => r.result === 'planned'),
    skipped: n(r => r.result === 'skipped'),
    conflicts: n(
      r => CONFLICT.has(r.status) && !['applied', 'planned', 'proposed', 'unchanged'].includes(r.result)
    ),
    failed: n(r => r.result === 'rejected' || r.result === 'failed' || r.result === 'protected'),
    held: n(r => r.result === 'held'),
    protected: n(r => r.result === 'protected'),
    targetOnly: n(r => r.status === 'target-only'),
    restored: n(r => applied(r) && r.action === 'restore'),
    proposed: n(r => r.result === 'proposed')
  }
}

/** The run's one-word verdict, worst first. */
export function verdict(refs: RefResult[], dryRun: boolean, error: string | null): SyncResult {
  if (error || refs.some(r => r.result === 'rejected' || r.result === 'failed' || r.result === 'protected'))
    return 'failed'
  if (dryRun) return 'dry-run'
  if (refs.some(r => r.result === 'skipped')) return 'conflicts'
  if (refs.some(r => r.result === 'applied' || r.result === 'proposed')) return 'synced'
  return 'in-sync'
}
