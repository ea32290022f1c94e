import { z } from 'zod'

const sha = z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/)

export const IncomingSchema = z.object({
  /** Every commit the target lacks, counted; `commits` holds only the newest of them. */
  total: z.number().int().nonnegative(),
  commits: z.array(z.object({ sha, subject: z.string(), author: z.string(), date: z.string() }))
})

export const PullRequestSchema = z.object({
  number: z.number().int().positive(),
  url: z.string(),
  /** The branch it is opened from (pull-request-prefix + the branch name). */
  head: z.string(),
  /** created / updated this run, or closed because the branch synced by itself. */
  state: z.enum(['created', 'updated', 'closed'])
})

/** A backup ref deleted (or, in a dry run, due for deletion) by backup-retention-days. */
export const PrunedBackupSchema = z.object({
  ref: z.string(),
  sha,
  /** The ref it backed up, e.g. refs/heads/main. */
  of: z.string(),
  result: z.enum(['deleted', 'planned', 'failed']),
  message: z.string().optional()
})

export const RefResultSchema = z.object({
  ref: z.string(),
  name: z.string(),
  kind: z.enum(['branch', 'tag']),
  status: z.enum([
    'create',
    'up-to-date',
    'fast-forward',
    'target-ahead',
    'diverged',
    'tag-new',
    'tag-moved',
    'target-only',
    'restore'
  ]),
  action: z.enum([
    'none',
    'create',
    'update',
    'force-update',
    'delete',
    'skip',
    'hold',
    'restore',
    'pull-request'
  ]),
  /**
   * applied: written; unchanged: nothing to do; skipped: left alone by policy (a conflict);
   * planned: dry-run; held: left alone because it changes .github/workflows/ and sync-workflows is
   * false (not a failure); protected: refused because the target protects the branch; proposed:
   * offered through a pull request (on-conflict: pull-request), not written to the branch itself.
   */
  result: z.enum([
    'applied',
    'unchanged',
    'skipped',
    'planned',
    'held',
    'rejected',
    'protected',
    'failed',
    'proposed'
  ]),
  sourceSha: sha.nullable(),
  targetBefore: sha.nullable(),
  /** null when unknown (a failed run that could not re-read the target). */
  targetAfter: sha.nullable(),
  ahead: z.number().int().nonnegative().nullable(),
  behind: z.number().int().nonnegative().nullable(),
  backupRef: z.string().nullable(),
  /** The target protects this branch (GitHub API); null when not known. */
  protected: z.boolean().nullable().optional(),
  message: z.string(),
  /** What the update brings (or would bring) into the target: the newest commits first, capped. */
  incoming: IncomingSchema.optional(),
  /** The pull request that proposes this ref's update (on-conflict: pull-request). */
  pullRequest: PullRequestSchema.optional(),
  /** Why the ref was not written: a fixed kind and the server's own words (scrubbed), when known. */
  cause: z.object({ kind: z.string(), detail: z.string() }).nullable().optional()
})

export const ResultSchema = z.enum(['in-sync', 'synced', 'dry-run', 'conflicts', 'failed'])

const RemoteSchema = z.object({
  repo: z.string(),
  url: z.string().nullable(),
  /** The repository's web page when it is on GitHub (for commit and compare links), else null. */
  webUrl: z.string().nullable()
})

export const SyncReportSchema = z.object({
  schemaVersion: z.literal(1),
  /** mirror (default) or restore (refs put back from their backups). */
  mode: z.enum(['mirror', 'restore']).optional(),
  source: RemoteSchema,
  target: RemoteSchema,
  trigger: z.object({
    event: z.string().nullable(),
    runId: z.string().nullable(),
    workflow: z.string().nullable(),
    actor: z.string().nullable()
  }),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  dryRun: z.boolean(),
  force: z.boolean(),
  prune: z.boolean(),
  /** How the run authenticated: 'token' (PAT/GITHUB_TOKEN) or 'github-app'. */
  auth: z.string(),
  result: ResultSchema,
  counts: z.object({
    selected: z.number().int(),
    created: z.number().int(),
    fastForwarded: z.number().int(),
    upToDate: z.number().int(),
    forced: z.number().int(),
    pruned: z.number().int(),
    planned: z.number().int(),
    skipped: z.number().int(),
    conflicts: z.number().int(),
    failed: z.number().int(),
    held: z.number().int().optional(),
    protected: z.number().int().optional(),
    targetOnly: z.number().int(),
    restored: z.number().int().optional(),
    proposed: z.number().int().optional()
  }),
  /** Milliseconds per pipeline phase, in order. */
  timings: z.record(z.string(), z.number().nonnegative()),
  warnings: z.array(z.string()),
  /** Git LFS objects of the pushed commits: found, missing on the target, copied (absent: none involved). */
  lfs: z
    .object({
      mode: z.enum(['auto', 'true', 'false']),
      objects: z.number().int(),
      missing: z.number().int(),
      copied: z.number().int(),
      bytes: z.number().int()
    })
    .optional(),
  /** A failure that stopped the run before or outside per-ref results. */
  error: z.string().nullable(),
  refs: z.array(RefResultSchema),
  /** Backups older than backup-retention-days, deleted at the end of the run. */
  backupsPruned: z.array(PrunedBackupSchema).optional()
})

export type SyncReport = z.infer<typeof SyncReportSchema>
export type RefResult = z.infer<typeof RefResultSchema>
export type SyncResult = z.infer<typeof ResultSchema>
export type Incoming = z.infer<typeof IncomingSchema>
export type PullRequestRef = z.infer<typeof PullRequestSchema>
export type PrunedBackup = z.infer<typeof PrunedBackupSchema>
