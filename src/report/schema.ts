import { z } from 'zod'

const sha = z.string().regex(/^([0-9a-f]{40}|[0-9a-f]{64})$/)

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
    'target-only'
  ]),
  action: z.enum(['none', 'create', 'update', 'force-update', 'delete', 'skip', 'hold']),
  /**
   * applied: written; unchanged: nothing to do; skipped: left alone by policy (a conflict);
   * planned: dry-run; held: left alone because it changes .github/workflows/ and sync-workflows is
   * false (not a failure); protected: refused because the target protects the branch.
   */
  result: z.enum(['applied', 'unchanged', 'skipped', 'planned', 'held', 'rejected', 'protected', 'failed']),
  sourceSha: sha.nullable(),
  targetBefore: sha.nullable(),
  /** null when unknown (a failed run that could not re-read the target). */
  targetAfter: sha.nullable(),
  ahead: z.number().int().nonnegative().nullable(),
  behind: z.number().int().nonnegative().nullable(),
  backupRef: z.string().nullable(),
  /** The target protects this branch (GitHub API); null when not known. */
  protected: z.boolean().nullable().optional(),
  message: z.string()
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
    targetOnly: z.number().int()
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
  refs: z.array(RefResultSchema)
})

export type SyncReport = z.infer<typeof SyncReportSchema>
export type RefResult = z.infer<typeof RefResultSchema>
export type SyncResult = z.infer<typeof ResultSchema>
