import * as z from 'zod/mini'

/**
 * The one per-ref record. Analysis fills the relation, planning the action, applying the result;
 * the report is a list of these. Every union below is declared once, here, and the types are
 * inferred from it. "Absent" is always `null` (a ref the source or target does not have).
 */

export const ObjectIdSchema = z.string().check(z.regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/))

export const RefKindSchema = z.enum(['branch', 'tag'])

/** The two repositories: the one mirrored from and the one mirrored to (two-way sync writes both). */
export const SideSchema = z.enum(['source', 'target'])

/** How the source ref relates to the target ref (decided by analysis, shown as "status"). */
export const StatusSchema = z.enum([
  'create',
  'up-to-date',
  'fast-forward',
  'target-ahead',
  'diverged',
  'tag-new',
  'tag-moved',
  'target-only',
  'source-only',
  'restore'
])

/**
 * What the push does (or would do) to the target ref. `restore` puts a backup back (with a lease,
 * like a forced update); `pull-request` leaves the ref alone and proposes the source tip through a PR.
 */
export const ActionSchema = z.enum([
  'none',
  'create',
  'update',
  'force-update',
  'delete',
  'skip',
  'hold',
  'restore',
  'pull-request'
])

/**
 * applied: written; unchanged: nothing to do; planned: a dry run would write it; skipped: left alone
 * by policy (a conflict and force is off); held: left alone because it changes .github/workflows/
 * and sync-workflows is false; rejected: the target refused it; failed: it could not be attempted
 * or its answer never came; proposed: offered through a pull request (on-conflict: pull-request),
 * not written to the branch itself. Why, for skipped, held, rejected and failed, is in `cause`.
 */
export const RefResultSchema = z.enum([
  'applied',
  'unchanged',
  'planned',
  'skipped',
  'held',
  'rejected',
  'failed',
  'proposed'
])

/** Why a ref was not applied (kinds shared by every stage; add one only when none fits). */
export const CauseKindSchema = z.enum([
  'lease-moved',
  'protected',
  'hook-declined',
  'ruleset',
  'push-limit',
  'fsck',
  'not-fast-forward',
  'auth',
  'not-found',
  'transport',
  'too-large',
  'workflow-permission',
  'held-workflows',
  'diverged',
  'target-ahead',
  'tag-moved',
  'name-conflict',
  'ambiguous-name',
  'backup-failed',
  'shallow-source',
  'lfs',
  'mass-deletion',
  'not-attempted',
  'unknown'
])

/** `detail` is the server's own words (scrubbed) where there are any, else ours. */
export const CauseSchema = z.object({ kind: CauseKindSchema, detail: z.string() })

const count = z.int().check(z.nonnegative())

export const IncomingSchema = z.object({
  /** Every commit the target lacks, counted; `commits` holds only the newest of them. */
  total: count,
  commits: z.array(
    z.object({ sha: ObjectIdSchema, subject: z.string(), author: z.string(), date: z.string() })
  )
})

export const PullRequestSchema = z.object({
  number: z.int().check(z.positive()),
  url: z.string(),
  /** The branch it is opened from (pull-request-prefix + the branch name). */
  head: z.string(),
  /** created / updated this run, or closed because the branch synced by itself. */
  state: z.enum(['created', 'updated', 'closed'])
})

export const RefRecordSchema = z.object({
  ref: z.string(),
  name: z.string(),
  kind: RefKindSchema,
  status: StatusSchema,
  sourceSha: z.nullable(ObjectIdSchema),
  /** The target's id as analysed: also the lease's expected value (null = must not exist). */
  targetBefore: z.nullable(ObjectIdSchema),
  /** Commits on the target that the source lacks (null: not counted, e.g. tags). */
  ahead: z.nullable(count),
  /** Commits on the source that the target lacks. */
  behind: z.nullable(count),
  action: ActionSchema,
  /** Where the old target tip is saved before a forced update or a prune. */
  backupRef: z.nullable(z.string()),
  /** The target protects this branch (GitHub API); null when not known. */
  protected: z.nullable(z.boolean()),
  result: RefResultSchema,
  /** The target's id after the run as far as known (null = absent, or unknown after a failure). */
  targetAfter: z.nullable(ObjectIdSchema),
  cause: z.nullable(CauseSchema),
  /** One line for people: what happened and what to do. */
  message: z.string(),
  /** What the update brings (or would bring) into the target: the newest commits first, capped. */
  incoming: z.optional(IncomingSchema),
  /** The pull request that proposes this ref's update (on-conflict: pull-request). */
  pullRequest: z.optional(PullRequestSchema),
  /**
   * Which repository the action writes: two-way sync (direction: both) updates either side; null
   * when nothing is written. Absent in one-way records, where it is always the target. The ids keep
   * their sides either way: `sourceSha` is the source's, `targetBefore` the target's.
   */
  side: z.optional(z.nullable(SideSchema)),
  /** The source's id after the run, when two-way sync wrote the source (null: deleted or unknown). */
  sourceAfter: z.optional(z.nullable(ObjectIdSchema))
})

export type ObjectId = z.infer<typeof ObjectIdSchema>
export type RefKind = z.infer<typeof RefKindSchema>
export type Side = z.infer<typeof SideSchema>
export type Status = z.infer<typeof StatusSchema>
export type Action = z.infer<typeof ActionSchema>
export type RefResult = z.infer<typeof RefResultSchema>
export type CauseKind = z.infer<typeof CauseKindSchema>
export type Cause = z.infer<typeof CauseSchema>
export type RefRecord = z.infer<typeof RefRecordSchema>
export type Incoming = z.infer<typeof IncomingSchema>
export type PullRequestRef = z.infer<typeof PullRequestSchema>

/** What analysis knows about a ref. */
export type AnalysedRef = Pick<
  RefRecord,
  'ref' | 'name' | 'kind' | 'status' | 'sourceSha' | 'targetBefore' | 'ahead' | 'behind'
>
/** What planning adds: the action, and why (a cause when the ref is left alone). */
export type PlannedRef = AnalysedRef &
  Pick<RefRecord, 'action' | 'backupRef' | 'protected' | 'cause' | 'message' | 'incoming' | 'side'>
/** What applying a write learned about it. */
export type Outcome = Pick<RefRecord, 'result' | 'targetAfter' | 'cause' | 'message'>
/** What the pull-request step did for a ref it proposes (or whose pull request it closed). */
export interface PullOutcome {
  result: 'proposed' | 'failed' | 'unchanged'
  message: string
  pullRequest?: PullRequestRef
}
