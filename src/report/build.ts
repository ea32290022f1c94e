import { UP_TO_DATE_MESSAGE, isWrite } from '../plan.js'
import type { ObjectId, Outcome, PlannedRef, PullOutcome, RefRecord, Status } from '../record.js'
import { kindOf, shortName } from '../refs/types.js'
import type { Counts, Partition, SyncReport, Verdict } from './schema.js'

/** Statuses where the target holds something the source would overwrite. */
export const CONFLICT_STATUSES = new Set<Status>(['target-ahead', 'diverged', 'tag-moved'])

/** What the pull-request step did for a ref the plan proposes. */
function proposalOf(u: PlannedRef, pr: PullOutcome | undefined, dryRun: boolean): Outcome {
  const kept = { targetAfter: u.targetBefore }
  if (dryRun) return { ...kept, result: 'planned', cause: null, message: u.message }
  if (!pr)
    return {
      ...kept,
      result: 'failed',
      cause: { kind: 'not-attempted', detail: 'the run stopped before the pull request' },
      message: 'not attempted: the run stopped before it'
    }
  const message = `${u.message}: ${pr.message}`
  return pr.result === 'proposed'
    ? { ...kept, result: 'proposed', cause: null, message }
    : { ...kept, result: 'failed', cause: { kind: 'unknown', detail: pr.message }, message }
}

/** What the push did to a planned write, or why it has no answer. */
function outcomeOf(u: PlannedRef, o: Outcome | undefined, dryRun: boolean): Outcome {
  if (u.action === 'none')
    return { result: 'unchanged', targetAfter: u.targetBefore, cause: null, message: u.message }
  if (u.action === 'skip')
    return { result: 'skipped', targetAfter: u.targetBefore, cause: u.cause, message: u.message }
  if (u.action === 'hold')
    return { result: 'held', targetAfter: u.targetBefore, cause: u.cause, message: u.message }
  if (dryRun)
    return {
      result: 'planned',
      targetAfter: u.targetBefore,
      cause: null,
      message: u.protected
        ? `${u.message} (the target protects this branch: the push may be refused)`
        : u.message
    }
  if (!o)
    return {
      result: 'failed',
      targetAfter: u.targetBefore,
      cause: { kind: 'not-attempted', detail: 'the run stopped before the push' },
      message: 'not attempted: the run stopped before the push'
    }
  if (o.result === 'applied')
    return { ...o, cause: null, message: o.message ? `${u.message} (${o.message})` : u.message }
  // A refusal of a branch the API says is protected is the protection, whatever the hook printed.
  if (
    o.result === 'rejected' &&
    u.protected &&
    o.cause?.kind !== 'protected' &&
    o.cause?.kind !== 'lease-moved'
  )
    return {
      ...o,
      cause: { kind: 'protected', detail: o.cause?.detail ?? o.message },
      message: `the target protects branch '${u.name}' and refused the push (${o.message}); allow the App or token to bypass the protection, or mirror that branch another way`
    }
  return o
}

/** Where a ref's incoming commits are shown: only for what was (or would be) brought in. */
const SHOWS_INCOMING = new Set<RefRecord['result']>(['applied', 'planned', 'proposed'])

/**
 * Joins the plan with what the push and the pull-request step did (or would do, in a dry run)
 * into the final records.
 */
export function finishRecords(
  planned: PlannedRef[],
  outcomes: Map<string, Outcome>,
  dryRun: boolean,
  pulls: Map<string, PullOutcome> = new Map()
): RefRecord[] {
  return planned.map(u => {
    const pr = pulls.get(u.ref)
    const { incoming, ...rest } = u
    const o =
      u.action === 'pull-request' ? proposalOf(u, pr, dryRun) : outcomeOf(u, outcomes.get(u.ref), dryRun)
    // A ref that synced by itself gets its pull request closed: the note says so.
    const message = pr && u.action !== 'pull-request' ? `${o.message}; ${pr.message}` : o.message
    // Two-way sync wrote the source: what the push learned is the source's; the target is as it was.
    const sides =
      u.side === 'source' && isWrite(u)
        ? {
            targetAfter: u.targetBefore,
            sourceAfter: outcomes.has(u.ref) ? outcomes.get(u.ref)!.targetAfter : u.sourceSha
          }
        : {}
    return {
      ...rest,
      ...o,
      ...sides,
      side: u.side === undefined ? undefined : isWrite(u) ? u.side : null,
      message,
      ...(incoming && SHOWS_INCOMING.has(o.result) ? { incoming } : {}),
      ...(pr?.pullRequest ? { pullRequest: pr.pullRequest } : {})
    }
  })
}

/**
 * Splits off the refs the report keeps as one id each (SyncReport.upToDate): nothing was or would
 * be done to them, and no pull request or two-way side says anything about them.
 */
export function splitUpToDate(
  planned: PlannedRef[],
  pulls: Map<string, PullOutcome> = new Map()
): { upToDate: Record<string, ObjectId>; rest: PlannedRef[] } {
  const upToDate: Record<string, ObjectId> = {}
  const rest: PlannedRef[] = []
  for (const u of planned)
    if (
      u.status === 'up-to-date' &&
      u.action === 'none' &&
      u.sourceSha !== null &&
      u.sourceSha === u.targetBefore &&
      u.message === UP_TO_DATE_MESSAGE &&
      !pulls.has(u.ref)
    )
      upToDate[u.ref] = u.sourceSha
    else rest.push(u)
  return { upToDate, rest }
}

/** The record an entry of SyncReport.upToDate stands for. */
export function upToDateRecord(ref: string, id: ObjectId, direction?: SyncReport['direction']): RefRecord {
  return {
    ref,
    name: shortName(ref),
    kind: kindOf(ref)!,
    status: 'up-to-date',
    sourceSha: id,
    targetBefore: id,
    ahead: 0,
    behind: 0,
    action: 'none',
    backupRef: null,
    protected: null,
    result: 'unchanged',
    targetAfter: id,
    cause: null,
    message: UP_TO_DATE_MESSAGE,
    ...(direction === 'both' ? { side: null } : {})
  }
}

/** Every selected ref's record, up-to-date ones included, in the report's order. */
export const allRecords = (report: SyncReport): RefRecord[] => [
  ...report.refs,
  ...Object.entries(report.upToDate).map(([ref, id]) => upToDateRecord(ref, id, report.direction))
]

/** Which count of the partition a ref is in. */
function partitionOf(r: RefRecord): keyof Partition {
  switch (r.result) {
    case 'unchanged':
      return r.status === 'target-only' || r.status === 'source-only' ? 'kept' : 'upToDate'
    case 'skipped':
      return 'skipped'
    case 'held':
      return 'held'
    case 'proposed':
      return 'proposed'
    case 'rejected':
    case 'failed':
      return 'failed'
    case 'applied':
    case 'planned':
      return WRITTEN_AS[r.action] ?? 'failed'
  }
}

/** Which count a ref that is (or in a dry run would be) written goes to, by its action. */
const WRITTEN_AS: Partial<Record<RefRecord['action'], keyof Partition>> = {
  create: 'created',
  update: 'fastForwarded',
  'force-update': 'forced',
  delete: 'pruned',
  restore: 'restored',
  'pull-request': 'proposed'
}

/** The one count of a run's refs: the log, outputs, summary and report all read these. */
export function countRefs(refs: RefRecord[], upToDate = 0): Counts {
  const partition: Partition = {
    created: 0,
    fastForwarded: 0,
    forced: 0,
    pruned: 0,
    restored: 0,
    proposed: 0,
    upToDate: 0,
    kept: 0,
    skipped: 0,
    held: 0,
    failed: 0
  }
  for (const r of refs) partition[partitionOf(r)]++
  partition.upToDate += upToDate
  return {
    ...partition,
    selected: refs.length + upToDate,
    updated: refs.filter(r => r.result === 'applied').length,
    planned: refs.filter(r => r.result === 'planned').length,
    // Two-way sync: a ref deleted on one side and moved on the other conflicts too.
    conflicts: refs.filter(
      r =>
        (CONFLICT_STATUSES.has(r.status) || r.cause?.kind === 'diverged') &&
        (r.result === 'skipped' || r.result === 'rejected' || r.result === 'failed')
    ).length
  }
}

/** The run's one-word verdict, worst first. */
export function verdict(counts: Counts, dryRun: boolean, error: string | null): Verdict {
  if (error || counts.failed > 0) return 'failed'
  if (dryRun) return 'dry-run'
  if (counts.skipped > 0) return 'conflicts'
  if (counts.held > 0) return 'held'
  if (counts.updated > 0 || counts.proposed > 0) return 'synced'
  return 'in-sync'
}
