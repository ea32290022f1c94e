import { MAX_TABLE_ROWS, SUMMARY_BUDGET_BYTES, code, text } from '../report/summary.js'
import type { FleetReport, PairResult } from './report.js'

const ICON: Record<PairResult['result'], string> = {
  failed: '❌',
  missing: '❌',
  conflicts: '⚠️',
  held: '⏸️',
  'dry-run': '📝',
  synced: '✅',
  'in-sync': '✅'
}

const LABEL: Record<PairResult['result'], string> = {
  failed: 'failed',
  missing: 'no report',
  conflicts: 'conflicts',
  held: 'held (workflows)',
  'dry-run': 'dry run',
  synced: 'synced',
  'in-sync': 'in sync'
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

export function fleetHeadline(f: FleetReport): string {
  const c = f.counts
  const bad = c.failed + c.missing
  if (bad) return `${plural(bad, 'pair')} of ${c.pairs} failed`
  if (c.conflicts) return `${plural(c.conflicts, 'pair')} of ${c.pairs} held back by conflicts`
  if (c.held) return `${plural(c.held, 'pair')} of ${c.pairs} held workflow changes back`
  if (c.dryRun) return `dry run: ${plural(c.pairs, 'pair')} planned`
  return `${plural(c.pairs, 'pair')} mirrored`
}

/** `3 failed, 1 conflicts, 40 synced, 6 in sync`: only the non-zero counts. */
export function fleetCounts(f: FleetReport): string {
  const c = f.counts
  const parts: [number, string][] = [
    [c.failed, 'failed'],
    [c.missing, 'without a report'],
    [c.conflicts, 'with conflicts'],
    [c.held, 'with held workflow changes'],
    [c.dryRun, 'dry run'],
    [c.synced, 'synced'],
    [c.inSync, 'in sync']
  ]
  return parts
    .filter(([n]) => n > 0)
    .map(([n, s]) => `${n} ${s}`)
    .join(', ')
}

const link = (label: string, url: string | null) => (url ? `[${text(label)}](${url})` : code(label))
const cell = (s: string) => text(s).replace(/\|/g, '\\|')

/**
 * The fleet's job summary: headline, counts, then one row per pair, worst first, with links to the
 * target and to the pair's own report. Remote text (error messages) is escaped; the table is capped
 * so the summary stays under GitHub's 1 MiB per step.
 */
export function renderFleetSummary(f: FleetReport, combinedName: string): string {
  const icon = ICON[f.result]
  const lines = [`## ${icon} Fleet: ${fleetHeadline(f)}`, '', fleetCounts(f), '']
  lines.push('| | source | target | result | refs updated | failed | conflicts | report | problem |')
  lines.push('|---|---|---|---|---:|---:|---:|---|---|')
  let shown = 0
  for (const p of f.pairs) {
    if (shown === MAX_TABLE_ROWS || Buffer.byteLength(lines.join('\n')) > SUMMARY_BUDGET_BYTES) break
    lines.push(
      [
        '',
        ICON[p.result],
        code(p.source).replace(/\|/g, '\\|'),
        link(p.target, p.targetUrl).replace(/\|/g, '\\|'),
        LABEL[p.result],
        String(p.updated),
        String(p.failed),
        String(p.conflicts),
        p.report ? link(p.report, p.reportUrl) : '',
        p.problem ? cell(p.problem.slice(0, 300)) : '',
        ''
      ]
        .join(' | ')
        .trim()
    )
    shown++
  }
  if (shown < f.pairs.length)
    lines.push('', `…and ${f.pairs.length - shown} more pairs: see the ${code(combinedName)} artifact.`)
  lines.push('', `Every pair's full report is in the ${code(combinedName)} artifact.`)
  return lines.join('\n') + '\n'
}
