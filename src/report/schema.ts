import { z } from 'zod'
import { RefRecordSchema } from '../record.js'

/** The run's one-word verdict, worst first. */
export const VerdictSchema = z.enum(['failed', 'dry-run', 'conflicts', 'held', 'synced', 'in-sync'])

const RemoteSchema = z.object({
  repo: z.string(),
  url: z.string().nullable(),
  /** The repository's web page when it is on GitHub (for commit and compare links), else null. */
  webUrl: z.string().nullable()
})

const n = z.number().int().nonnegative()

/**
 * Every selected ref is in exactly one of these. In a dry run, created … pruned count what a real
 * run would write.
 */
export const PartitionSchema = z.object({
  created: n,
  fastForwarded: n,
  forced: n,
  pruned: n,
  upToDate: n,
  /** Target-only refs kept because prune is off. */
  kept: n,
  /** Conflicts (diverged, target ahead, moved tag) left alone because force is off. */
  skipped: n,
  /** Left alone because they change .github/workflows/ and sync-workflows is false. */
  held: n,
  /** Refused by the target, or could not be written. */
  failed: n
})

export const CountsSchema = PartitionSchema.extend({
  selected: n,
  /** Refs written to the target (created + fast-forwarded + forced + pruned, not in a dry run). */
  updated: n,
  /** Refs a dry run would write. */
  planned: n,
  /** Diverged / target-ahead / moved-tag refs that were not overwritten (skipped, or refused). */
  conflicts: n
})

export const SyncReportSchema = z.object({
  schemaVersion: z.literal(2),
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
  result: VerdictSchema,
  counts: CountsSchema,
  /** Milliseconds per pipeline phase, in order. */
  timings: z.record(z.string(), z.number().nonnegative()),
  warnings: z.array(z.string()),
  /** A failure that stopped the run before or outside per-ref results. */
  error: z.string().nullable(),
  refs: z.array(RefRecordSchema)
})

export type SyncReport = z.infer<typeof SyncReportSchema>
export type Verdict = z.infer<typeof VerdictSchema>
export type Counts = z.infer<typeof CountsSchema>
export type Partition = z.infer<typeof PartitionSchema>
