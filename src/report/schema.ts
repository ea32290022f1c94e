import * as z from 'zod/mini'
import { ObjectIdSchema, RefRecordSchema } from '../record.js'

/** The run's one-word verdict, worst first. */
export const VerdictSchema = z.enum(['failed', 'dry-run', 'conflicts', 'held', 'synced', 'in-sync'])

/** A backup ref deleted (or, in a dry run, due for deletion) by backup-retention-days. */
export const PrunedBackupSchema = z.object({
  ref: z.string(),
  sha: ObjectIdSchema,
  /** The ref it backed up, e.g. refs/heads/main. */
  of: z.string(),
  result: z.enum(['deleted', 'planned', 'failed']),
  message: z.optional(z.string())
})

const RemoteSchema = z.object({
  repo: z.string(),
  url: z.nullable(z.string()),
  /** The repository's web page when it is on GitHub (for commit and compare links), else null. */
  webUrl: z.nullable(z.string())
})

const n = z.int().check(z.nonnegative())

/**
 * Every selected ref is in exactly one of these. In a dry run, created … pruned count what a real
 * run would write.
 */
export const PartitionSchema = z.object({
  created: n,
  fastForwarded: n,
  forced: n,
  pruned: n,
  /** Refs put back from their backups (mode: restore). */
  restored: n,
  /** Diverged or protected branches offered through a pull request (on-conflict: pull-request). */
  proposed: n,
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

export const CountsSchema = z.extend(PartitionSchema, {
  selected: n,
  /** Refs written to the target (created + fast-forwarded + forced + pruned, not in a dry run). */
  updated: n,
  /** Refs a dry run would write. */
  planned: n,
  /** Diverged / target-ahead / moved-tag refs that were not overwritten (skipped, or refused). */
  conflicts: n
})

export const SyncReportSchema = z.object({
  schemaVersion: z.literal(3),
  /** mirror (default) or restore (refs put back from their backups). */
  mode: z.enum(['mirror', 'restore']),
  /**
   * source-to-target (one-way mirror) or both (two-way sync: `side` on each ref says which was
   * written); absent: one way.
   */
  direction: z.optional(z.enum(['source-to-target', 'both'])),
  source: RemoteSchema,
  target: RemoteSchema,
  trigger: z.object({
    event: z.nullable(z.string()),
    runId: z.nullable(z.string()),
    workflow: z.nullable(z.string()),
    actor: z.nullable(z.string())
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
  timings: z.record(z.string(), z.number().check(z.nonnegative())),
  /**
   * Each fetch of source history analysis made, in order: `depth` commits from each tip (null: the
   * complete history), how many refs it fetched, and how many differing refs were settled after it.
   * `objects` says what came when it was not whole commits: `commits` = commits and tags without
   * their trees and files (the history's shape); `delta` = exactly the objects the target lacks,
   * with the target's tips as the base (depth is then null).
   */
  fetchRounds: z.optional(
    z.array(
      z.object({
        depth: z.nullable(n),
        refs: n,
        settled: n,
        objects: z.optional(z.enum(['commits', 'delta']))
      })
    )
  ),
  warnings: z.array(z.string()),
  /** Git LFS objects of the pushed commits: found, missing on the target, copied (absent: none involved). */
  lfs: z.optional(
    z.object({
      mode: z.enum(['auto', 'true', 'false']),
      objects: z.int(),
      missing: z.int(),
      copied: z.int(),
      bytes: z.int()
    })
  ),
  /** A failure that stopped the run before or outside per-ref results. */
  error: z.nullable(z.string()),
  /** A record for every selected ref but those already up to date. */
  refs: z.array(RefRecordSchema),
  /**
   * The selected refs the target already held at the source's id, ref → that id. Such a ref's
   * record would say nothing else (status up-to-date, action none, result unchanged, the same id
   * before and after), and a run over 20,000 refs would write 20,000 of them: upToDateRecord()
   * in src/report/build.ts makes one back.
   */
  upToDate: z.record(z.string(), ObjectIdSchema),
  /** Backups older than backup-retention-days, deleted at the end of the run. */
  backupsPruned: z.optional(z.array(PrunedBackupSchema))
})

export type SyncReport = z.infer<typeof SyncReportSchema>
export type Verdict = z.infer<typeof VerdictSchema>
export type Counts = z.infer<typeof CountsSchema>
export type Partition = z.infer<typeof PartitionSchema>
export type PrunedBackup = z.infer<typeof PrunedBackupSchema>
