import { z } from 'zod'
import { SyncReportSchema, VerdictSchema, type SyncReport } from '../report/schema.js'

/** One pair's line in the fleet report. `missing`: a leg that left no readable report. */
export const PairResultSchema = z.object({
  source: z.string(),
  target: z.string(),
  result: z.union([VerdictSchema, z.literal('missing')]),
  /** Refs written (or, in a dry run, planned), refs that failed, conflicts held back. */
  updated: z.number().int(),
  failed: z.number().int(),
  conflicts: z.number().int(),
  /** The run-stopping error, else the first failed ref's message; null when all went well. */
  problem: z.string().nullable(),
  /** Where this pair's own report is: an artifact name (matrix) or nothing (CLI, in `reports`). */
  report: z.string().nullable(),
  /** The report artifact's page, when GitHub has one. */
  reportUrl: z.string().nullable(),
  /** The target repository's web page, when it is on GitHub. */
  targetUrl: z.string().nullable()
})
export type PairResult = z.infer<typeof PairResultSchema>

export const FleetReportSchema = z.object({
  schemaVersion: z.literal(1),
  kind: z.literal('fleet'),
  result: VerdictSchema,
  counts: z.object({
    pairs: z.number().int(),
    failed: z.number().int(),
    missing: z.number().int(),
    conflicts: z.number().int(),
    held: z.number().int(),
    dryRun: z.number().int(),
    synced: z.number().int(),
    inSync: z.number().int()
  }),
  /** Worst first: failed, missing, conflicts, held, dry-run, synced, in-sync. */
  pairs: z.array(PairResultSchema),
  /** Every pair's full report. */
  reports: z.array(SyncReportSchema)
})
export type FleetReport = z.infer<typeof FleetReportSchema>

const ORDER: Record<PairResult['result'], number> = {
  failed: 0,
  missing: 1,
  conflicts: 2,
  held: 3,
  'dry-run': 4,
  synced: 5,
  'in-sync': 6
}

/** One pair's line from its report. */
export function pairResult(
  r: SyncReport,
  where: { report?: string; reportUrl?: string | null } = {}
): PairResult {
  const c = r.counts
  const firstFailed = r.refs.find(x => x.result === 'rejected' || x.result === 'failed')
  const firstSkipped = r.refs.find(x => x.result === 'skipped')
  return {
    source: r.source.repo,
    target: r.target.repo,
    result: r.result,
    updated: r.dryRun ? c.planned : c.updated,
    failed: c.failed,
    conflicts: c.conflicts,
    problem:
      r.error ??
      (firstFailed ? `${firstFailed.ref}: ${firstFailed.message}` : null) ??
      (firstSkipped ? `${firstSkipped.ref}: ${firstSkipped.message}` : null),
    report: where.report ?? null,
    reportUrl: where.reportUrl ?? null,
    targetUrl: r.target.webUrl
  }
}

/** A pair with no report to read (its leg crashed, or its artifact is unreadable). */
export function missingPair(
  source: string,
  target: string,
  problem: string,
  report: string | null = null
): PairResult {
  return {
    source,
    target,
    result: 'missing',
    updated: 0,
    failed: 0,
    conflicts: 0,
    problem,
    report,
    reportUrl: null,
    targetUrl: null
  }
}

/** The fleet's one report: counts, the verdict (worst pair wins) and every pair, worst first. */
export function fleetReport(pairs: PairResult[], reports: SyncReport[]): FleetReport {
  const n = (r: PairResult['result']) => pairs.filter(p => p.result === r).length
  const counts = {
    pairs: pairs.length,
    failed: n('failed'),
    missing: n('missing'),
    conflicts: n('conflicts'),
    held: n('held'),
    dryRun: n('dry-run'),
    synced: n('synced'),
    inSync: n('in-sync')
  }
  // The worst pair decides; a pair without a report is a failure.
  const result: FleetReport['result'] =
    counts.missing > 0
      ? 'failed'
      : ((['failed', 'conflicts', 'held', 'dry-run', 'synced'] as const).find(r => n(r) > 0) ?? 'in-sync')
  const sorted = [...pairs].sort(
    (a, b) =>
      ORDER[a.result] - ORDER[b.result] ||
      a.source.localeCompare(b.source) ||
      a.target.localeCompare(b.target)
  )
  return FleetReportSchema.parse({ schemaVersion: 1, kind: 'fleet', result, counts, pairs: sorted, reports })
}

/** Exit status of a fleet: 0 when every pair is synced, in sync or planned; 1 otherwise. */
export const fleetFailed = (f: FleetReport) => f.result === 'failed' || f.result === 'conflicts'
