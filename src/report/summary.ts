import type { RefResult, SyncReport } from './schema.js'

/** GitHub drops a step summary over 1 MiB; the table stops well before that. */
export const MAX_TABLE_ROWS = 500

const HEADLINE: Record<SyncReport['result'], string> = {
  'in-sync': '✅ Target already in sync',
  synced: '✅ Target synced',
  'dry-run': '🔍 Dry run: nothing was written',
  conflicts: '⚠️ Conflicts: some refs were left alone',
  failed: '❌ Mirror failed'
}

// Worst first, so a truncated table still shows what needs attention.
const SEVERITY: Record<RefResult['result'], number> = { failed: 0, rejected: 1, protected: 1, skipped: 2, held: 3, planned: 3, applied: 4, unchanged: 5 }

const short = (sha: string | null) => (sha ? sha.slice(0, 7) : '—')
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')

function commitLink(remote: SyncReport['source'], sha: string | null): string {
  if (!sha) return '—'
  const web = remote.url?.replace(/\.git$/, '')
  return web && /^https:\/\//.test(web) ? `[\`${short(sha)}\`](${web}/commit/${sha})` : `\`${short(sha)}\``
}

/** Renders the report as the markdown job summary. */
export function renderSummary(report: SyncReport, reportName: string): string {
  const c = report.counts
  const lines: string[] = []
  lines.push(`## ${HEADLINE[report.result]}`, '')
  lines.push(`**${cell(report.source.repo)}** → **${cell(report.target.repo)}**${report.dryRun ? ' · dry run' : ''}${report.force ? ' · force' : ''}${report.prune ? ' · prune' : ''}`, '')
  if (report.error) lines.push(`> **Error:** ${cell(report.error)}`, '')
  lines.push(
    '| selected | created | fast-forwarded | up to date | forced (backed up) | pruned | planned | skipped | conflicts | failed |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${c.selected} | ${c.created} | ${c.fastForwarded} | ${c.upToDate} | ${c.forced} | ${c.pruned} | ${c.planned} | ${c.skipped} | ${c.conflicts} | ${c.failed} |`,
    ''
  )
  const extra = [c.protected ? `${c.protected} refused as protected branches (counted as failed)` : '', c.held ? `${c.held} held back (they change .github/workflows/ and sync-workflows is false)` : '']
  if (extra.some(Boolean)) lines.push(extra.filter(Boolean).join(' · '), '')
  for (const w of report.warnings) lines.push(`> ⚠️ ${cell(w)}`)
  if (report.warnings.length) lines.push('')
  const rows = [...report.refs].sort((a, b) => SEVERITY[a.result] - SEVERITY[b.result] || a.ref.localeCompare(b.ref))
  const shown = rows.slice(0, MAX_TABLE_ROWS)
  if (shown.length) {
    lines.push('| ref | status | ahead / behind | target before → after | action | result | note |', '|---|---|---|---|---|---|---|')
    for (const r of shown) {
      const ab = r.ahead === null ? '—' : `${r.ahead} / ${r.behind}`
      lines.push(
        `| \`${cell(r.ref)}\` | ${r.status} | ${ab} | ${commitLink(report.target, r.targetBefore)} → ${commitLink(report.target, r.targetAfter)} | ${r.action} | ${r.result} | ${cell(r.message)} |`
      )
    }
    lines.push('')
  }
  if (rows.length > shown.length)
    lines.push(`_${rows.length - shown.length} more refs are not shown; the \`${cell(reportName)}\` artifact has all of them._`, '')
  return lines.join('\n')
}
