import { literalPattern } from '../refs/select.js'
import type { RefRecord } from '../record.js'
import { CONFLICT_STATUSES, upToDateRecord } from './build.js'
import { cellCode, code, commit, fenced, shellWord, text, visible } from './markdown.js'
import type { SyncReport } from './schema.js'
import { changeSections, undoSection } from './sections.js'

export { code, shellWord, text, visible }

/** The per-ref tables show at most this many rows, worst first; the artifact has them all. */
export const MAX_TABLE_ROWS = 500
/** GitHub refuses a step summary over 1 MiB; stop adding rows well before that. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024
export const SUMMARY_BUDGET_BYTES = 900 * 1024
/** Conflicting refs that get their own git commands in "What to do"; the rest are listed by name. */
const MAX_ADVICE_REFS = 10
/** Names spelled out in the suggested `branches`/`tags` inputs before falling back to all refs. */
const MAX_INPUT_NAMES = 30
const MAX_WARNINGS = 20
/** More rows than this and a table is folded into <details>. */
const OPEN_TABLE_ROWS = 25

type Remote = SyncReport['source']

const HEADLINE_ICON: Record<SyncReport['result'], string> = {
  'in-sync': '✅',
  synced: '✅',
  'dry-run': '🔍',
  conflicts: '⚠️',
  held: '✋',
  failed: '❌'
}

// Worst first, so a truncated table still shows what needs attention.
const SEVERITY: Record<RefRecord['result'], number> = {
  failed: 0,
  rejected: 1,
  skipped: 2,
  held: 3,
  planned: 3,
  proposed: 3,
  applied: 4,
  unchanged: 5
}
const RESULT_LABEL: Record<RefRecord['result'], string> = {
  failed: '❌ failed',
  rejected: '⛔ rejected',
  held: '✋ held',
  skipped: '⏭️ skipped',
  planned: '🔍 planned',
  proposed: '🔀 pull request',
  applied: '✅ applied',
  unchanged: 'unchanged'
}
const ACTION_LABEL: Record<RefRecord['action'], string> = {
  none: '—',
  create: 'create',
  update: 'fast-forward',
  'force-update': 'force (backed up)',
  delete: 'prune (backed up)',
  skip: 'skip',
  hold: 'hold (workflows)',
  restore: 'restore (backed up)',
  'pull-request': 'pull request'
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

function repoLink(remote: Remote): string {
  return remote.webUrl ? `[${text(remote.repo)}](${remote.webUrl})` : code(remote.repo)
}

/** Where git commands should point: the clone URL (never holds credentials) or the local path. */
const gitUrl = (remote: Remote) => shellWord(remote.url ?? remote.repo)

const displayName = (r: RefRecord) => r.ref.replace(/^refs\//, '')

/**
 * The written side's tip before → after. Two-way sync may write the source: its row shows the
 * source's tips, seen as the target of that write, and says so.
 */
function beforeAfter(report: SyncReport, r: RefRecord): string {
  if (report.direction !== 'both') return tipChange(report, r)
  if (r.side !== 'source') return `target: ${tipChange(report, r)}`
  const mirrored = { ...report, source: report.target, target: report.source }
  const written = { ...r, sourceSha: r.targetBefore, targetBefore: r.sourceSha }
  return `source: ${tipChange(mirrored, { ...written, targetAfter: r.sourceAfter ?? null })}`
}

function tipChange(report: SyncReport, r: RefRecord): string {
  const { target, source } = report
  if (r.result === 'planned') {
    // A restore's new tip is a backup: an object of the target, not of the source.
    const to = r.action === 'delete' ? '—' : commit(r.action === 'restore' ? target : source, r.sourceSha)
    return `${commit(target, r.targetBefore)} → ${to} _(planned)_`
  }
  if (r.result === 'skipped' && r.sourceSha)
    return `${commit(target, r.targetBefore)} (kept; source is ${commit(source, r.sourceSha)})`
  if (r.targetBefore === r.targetAfter)
    return r.targetBefore ? `${commit(target, r.targetBefore)} (unchanged)` : '—'
  let cellText = `${commit(target, r.targetBefore)} → ${commit(target, r.targetAfter)}`
  if (target.webUrl && r.targetBefore && r.targetAfter)
    cellText += ` · [diff](${target.webUrl}/compare/${r.targetBefore}...${r.targetAfter})`
  return cellText
}

const aheadBehind = (r: RefRecord) =>
  r.ahead === null && r.behind === null ? '—' : `${r.ahead ?? 0} / ${r.behind ?? 0}`

function row(report: SyncReport, r: RefRecord): string {
  const note = r.result === 'unchanged' && r.status === 'up-to-date' ? '' : text(r.message)
  return `| ${cellCode(displayName(r))} | ${r.status} | ${aheadBehind(r)} | ${beforeAfter(report, r)} | ${ACTION_LABEL[r.action]} | ${RESULT_LABEL[r.result]} | ${note} |`
}

const TABLE_HEAD = [
  '| ref | status | target ahead / behind | target before → after | action | result | note |',
  '|---|---|---:|---|---|---|---|'
]

const held = (n: number) =>
  `${plural(n, 'ref was', 'refs were')} held back: ${n === 1 ? 'it changes' : 'they change'} .github/workflows/ and ${code('sync-workflows')} is false`

function headline(report: SyncReport): string {
  const c = report.counts
  const changed = c.created + c.fastForwarded + c.forced + c.pruned + c.restored
  const icon = HEADLINE_ICON[report.result]
  switch (report.result) {
    case 'in-sync':
      if (report.mode === 'restore')
        return `${icon} Nothing to restore: every selected ref is at its backup or has none (${plural(c.selected, 'ref')})`
      return `${icon} In sync: the target already matches the source (${plural(c.selected, 'ref')})`
    case 'held':
      return `${icon} Held: ${held(c.held)}${changed ? ` (${changed} updated)` : ''}`
    case 'synced': {
      if (report.mode === 'restore')
        return `${icon} Restored: ${plural(c.restored, 'ref')} put back from ${c.restored === 1 ? 'its backup' : 'their backups'}`
      const prs = c.proposed
        ? `${changed ? '; ' : ''}${plural(c.proposed, 'branch', 'branches')} proposed through pull requests`
        : ''
      if (report.direction === 'both') {
        const inSource = report.refs.filter(r => r.result === 'applied' && r.side === 'source').length
        return `${icon} Synced both ways: ${plural(inSource, 'ref')} updated in the source, ${changed - inSource} in the target`
      }
      return `${icon} Synced: ${changed ? `${plural(changed, 'ref')} updated in the target` : ''}${prs}`
    }
    case 'dry-run': {
      const blocked = c.skipped + c.held ? `, ${c.skipped + c.held} would be left alone` : ''
      return `${icon} Dry run: ${plural(changed, 'ref')} would change${blocked}; nothing was written`
    }
    case 'conflicts':
      return `${icon} Conflicts: ${plural(c.skipped, 'ref')} diverged from the source and ${c.skipped === 1 ? 'was' : 'were'} left alone${changed ? ` (${changed} updated)` : ''}`
    case 'failed':
      return c.failed
        ? `${icon} Failed: ${plural(c.failed, 'ref')} could not be written${changed ? ` (${changed} updated)` : ''}`
        : `${icon} Failed: the mirror stopped before writing anything`
  }
}

/** One column per count of the partition: every ref is in exactly one. */
const COLUMNS: [keyof SyncReport['counts'], string][] = [
  ['created', 'created'],
  ['fastForwarded', 'fast-forwarded'],
  ['forced', 'forced (backed up)'],
  ['pruned', 'pruned (backed up)'],
  ['restored', 'restored (backed up)'],
  ['proposed', 'pull request'],
  ['upToDate', 'up to date'],
  ['kept', 'kept (target only)'],
  ['skipped', 'skipped (conflict)'],
  ['held', 'held (workflows)'],
  ['failed', 'failed']
]

/** Counts only some modes produce: their columns show only when they are not zero. */
const MODE_COUNTS = new Set<keyof SyncReport['counts']>(['restored', 'proposed'])

function countsTable(report: SyncReport): string[] {
  const c = report.counts
  const columns = COLUMNS.filter(([key]) => !MODE_COUNTS.has(key) || c[key] > 0)
  const lines = [
    `| ${columns.map(([, label]) => label).join(' | ')} |`,
    `|${columns.map(() => '---:').join('|')}|`,
    `| ${columns.map(([key]) => c[key]).join(' | ')} |`
  ]
  if (report.dryRun) lines.push('', '_Dry run: the counts are what a real run would do._')
  const protectedRefs = report.refs.filter(r => r.cause?.kind === 'protected').length
  if (protectedRefs)
    lines.push(
      '',
      `_${plural(protectedRefs, 'ref was', 'refs were')} refused as protected branches (counted as failed)._`
    )
  if (c.held) lines.push('', `_${held(c.held)}._`)
  if (c.kept && report.direction === 'both')
    lines.push(
      '',
      `_${plural(c.kept, 'ref was', 'refs were')} deleted on one side since the last sync and kept on the other, never recreated: set ${code('prune: true')} to delete ${c.kept === 1 ? 'it' : 'them'} there too (with a backup)._`
    )
  else if (c.kept)
    lines.push(
      '',
      `_${plural(c.kept, 'ref exists', 'refs exist')} only in the target and ${c.kept === 1 ? 'was' : 'were'} kept: set ${code('prune: true')} to delete ${c.kept === 1 ? 'it' : 'them'} (with a backup)._`
    )
  return lines
}

/** The `with:` inputs that re-run the mirror on exactly these refs. */
function inputsFor(refs: RefRecord[], extra: string[]): string[] {
  const branches = refs.filter(r => r.kind === 'branch').map(r => literalPattern(r.name))
  const tags = refs.filter(r => r.kind === 'tag').map(r => literalPattern(r.name))
  const block = (key: string, names: string[]) =>
    names.length ? [`${key}: |`, ...names.map(x => `  ${x}`)] : [`${key}: ''`]
  return [...extra, ...block('branches', branches), ...block('tags', tags)]
}

function conflictAdvice(report: SyncReport, conflicts: RefRecord[]): string[] {
  const out: string[] = []
  const src = gitUrl(report.source)
  const dst = gitUrl(report.target)
  out.push(
    `**${plural(conflicts.length, 'ref')} diverged from the source** (the target has commits or a tag the source does not) and ${conflicts.length === 1 ? 'was' : 'were'} left alone because ${code('force')} is off. Choose one:`,
    ''
  )
  out.push(
    `1. **Overwrite the target with the source.** Each old target tip is saved under ${code('backup-ref-prefix')} before it is replaced. Run the workflow again (e.g. a ${code('workflow_dispatch')} run${report.trigger.workflow ? ` of _${text(report.trigger.workflow)}_` : ''}) with these action inputs:`,
    ''
  )
  const body =
    conflicts.length <= MAX_INPUT_NAMES
      ? inputsFor(conflicts, report.dryRun ? ['force: true', 'dry-run: false'] : ['force: true'])
      : [
          ...(report.dryRun ? ['force: true', 'dry-run: false'] : ['force: true']),
          `# ${conflicts.length} refs: keep your usual branches/tags patterns; force applies to every diverged ref they select`
        ]
  out.push(...fenced('yaml', body).map(l => `   ${l}`), '')

  out.push(
    `2. **Keep the target's version** by bringing it into the source first; the next run then finds nothing to overwrite:`,
    ''
  )
  const cmds = [`git clone ${src} mirror-fix && cd mirror-fix`]
  if (conflicts.some(r => r.kind === 'branch'))
    cmds.push("# branches: merge the target's commits (resolve any conflicts), then push")
  if (conflicts.some(r => r.kind === 'tag')) cmds.push("# tags: point the source's tag where the target's is")
  for (const r of conflicts.slice(0, MAX_ADVICE_REFS)) {
    const fetch = `git fetch ${dst} ${shellWord(r.ref)}`
    const n = shellWord(r.name)
    if (r.kind === 'tag') cmds.push(`${fetch} && git push --force origin ${shellWord(`FETCH_HEAD:${r.ref}`)}`)
    else
      cmds.push(
        `${fetch} && git switch ${n} && git merge ${r.status === 'target-ahead' ? '--ff-only ' : ''}FETCH_HEAD && git push origin ${n}`
      )
  }
  if (conflicts.length > MAX_ADVICE_REFS)
    cmds.push(`# …and ${conflicts.length - MAX_ADVICE_REFS} more: the same for each ref in the table`)
  out.push(...fenced('sh', cmds).map(l => `   ${l}`), '')
  const exclusions = (['branch', 'tag'] as const)
    .map(kind => {
      const of = conflicts.filter(r => r.kind === kind)
      if (!of.length) return ''
      const list = of.slice(0, MAX_INPUT_NAMES).map(r => code(`!${literalPattern(r.name)}`))
      return `${list.join(', ')}${of.length > MAX_INPUT_NAMES ? ', …' : ''} to ${code(kind === 'branch' ? 'branches' : 'tags')}`
    })
    .filter(Boolean)
  out.push(
    `3. **Stop mirroring ${conflicts.length === 1 ? 'it' : 'them'}**: add ${exclusions.join(' and ')}.`,
    ''
  )
  return out
}

function whatToDo(report: SyncReport): string[] {
  const conflicts = report.refs.filter(r => r.result === 'skipped' && CONFLICT_STATUSES.has(r.status))
  const failed = report.refs.filter(r => r.result === 'rejected' || r.result === 'failed')
  const stale = failed.filter(r => r.cause?.kind === 'lease-moved')
  const protectedRefs = failed.filter(r => r.cause?.kind === 'protected')
  const other = failed.filter(r => !stale.includes(r) && !protectedRefs.includes(r))
  if (!conflicts.length && !stale.length && !protectedRefs.length && !other.length && !report.error) return []
  const out = ['### What to do', '']
  if (report.error)
    out.push(
      'Fix the error above, then run the workflow again: a new run plans from the state the target is in then.',
      ''
    )
  if (conflicts.length) out.push(...conflictAdvice(report, conflicts))
  const names = (refs: RefRecord[]) =>
    refs
      .slice(0, MAX_INPUT_NAMES)
      .map(r => code(displayName(r)))
      .join(', ') + (refs.length > MAX_INPUT_NAMES ? `, and ${refs.length - MAX_INPUT_NAMES} more` : '')
  if (stale.length)
    out.push(
      `**The target changed during the run** for ${names(stale)}: nothing was overwritten. Run the workflow again; it plans from the new state.`,
      ''
    )
  if (protectedRefs.length)
    out.push(
      `**Branch protection refused** ${names(protectedRefs)}: let the target token bypass the protection rules (a ruleset bypass for its app or user), or stop mirroring ${protectedRefs.length === 1 ? 'it' : 'them'} with ${protectedRefs
        .map(r => code(`!${literalPattern(r.name)}`))
        .slice(0, MAX_INPUT_NAMES)
        .join(', ')} in ${code('branches')}.`,
      ''
    )
  if (other.length) {
    out.push(`**${plural(other.length, 'ref')} could not be written:**`, '')
    for (const r of other.slice(0, MAX_ADVICE_REFS)) out.push(`- ${code(displayName(r))}: ${text(r.message)}`)
    if (other.length > MAX_ADVICE_REFS)
      out.push(`- …and ${other.length - MAX_ADVICE_REFS} more in the table and the report artifact`)
    out.push('')
  }
  return out
}

function tableBlock(
  title: string,
  rows: RefRecord[],
  line: (r: RefRecord) => string,
  open: boolean
): string[] {
  if (!rows.length) return []
  const body = [...TABLE_HEAD, ...rows.map(line)]
  if (open && rows.length <= OPEN_TABLE_ROWS) return [`### ${title}`, '', ...body, '']
  return [
    `<details${open ? ' open' : ''}><summary><b>${text(title)}</b></summary>`,
    '',
    ...body,
    '',
    '</details>',
    ''
  ]
}

const bytes = (lines: string[]) => Buffer.byteLength(lines.join('\n'), 'utf8')

function footer(report: SyncReport, reportName: string): string[] {
  const t = report.trigger
  const seconds = (Date.parse(report.finishedAt) - Date.parse(report.startedAt)) / 1000
  const parts = [
    t.event ? `${text(t.event)}${t.actor ? ` by ${text(t.actor)}` : ''}` : null,
    `${seconds.toFixed(1)} s`,
    `full JSON report: the ${code(reportName)} artifact`
  ].filter(Boolean)
  return [`<sub>${parts.join(' · ')}</sub>`, '']
}

/** One line on the LFS objects the pushed commits need. */
function lfsLine(l: NonNullable<SyncReport['lfs']>): string {
  if (l.mode === 'false')
    return l.missing > 0
      ? `> ⚠️ **Git LFS:** ${l.missing} of ${l.objects} LFS object(s) the pushed commits point to are missing on the target and were not copied (\`lfs: false\`): its checkouts get pointer files instead`
      : `**Git LFS:** not copied (\`lfs: false\`); the target already has all ${l.objects} object(s) the pushed commits point to`
  return `**Git LFS:** ${l.copied} object(s) copied (${l.bytes} bytes) of ${l.objects} the pushed commits point to; ${l.objects - l.missing} were already on the target`
}

/**
 * Renders the report as the markdown job summary: verdict, counts, what to do about problems,
 * then per-ref tables worst first. Pure, and always under GitHub's 1 MiB summary limit.
 */
export function renderSummary(report: SyncReport, reportName: string): string {
  const head: string[] = [`## ${headline(report)}`, '']
  const mode = [
    report.mode === 'restore' && 'restore',
    report.dryRun && 'dry run',
    report.force && 'force',
    report.prune && 'prune'
  ]
    .filter(Boolean)
    .map(m => code(m as string))
  head.push(
    `**Source** ${repoLink(report.source)} → **Target** ${repoLink(report.target)}${mode.length ? ` · ${mode.join(' · ')}` : ''}`,
    ''
  )
  if (report.error) head.push(`> **Error:** ${text(report.error)}`, '')
  if (report.counts.selected) head.push(...countsTable(report), '')
  if (report.lfs) head.push(lfsLine(report.lfs), '')
  for (const w of report.warnings.slice(0, MAX_WARNINGS)) head.push(`> ⚠️ ${text(w)}`)
  if (report.warnings.length > MAX_WARNINGS)
    head.push(
      `> …and ${report.warnings.length - MAX_WARNINGS} more warnings in the ${code(reportName)} artifact`
    )
  if (report.warnings.length) head.push('')
  head.push(...whatToDo(report), ...changeSections(report), ...undoSection(report))
  const tail = footer(report, reportName)

  // Up-to-date refs sort last: only as many as the table could show are made into records.
  const upToDate = Object.keys(report.upToDate)
  const rows = upToDate.length > MAX_TABLE_ROWS ? upToDate.sort().slice(0, MAX_TABLE_ROWS) : upToDate
  const sorted = [
    ...report.refs,
    ...rows.map(ref => upToDateRecord(ref, report.upToDate[ref]!, report.direction))
  ].sort((a, b) => SEVERITY[a.result] - SEVERITY[b.result] || byName(a.ref, b.ref))
  const total = report.refs.length + upToDate.length
  // Each row is rendered once: for the byte budget, then for its table.
  const lines = new Map<RefRecord, string>()
  const line = (r: RefRecord) => lines.get(r) ?? lines.set(r, row(report, r)).get(r)!
  // Rows are added worst first while they fit both the row cap and the byte budget.
  let budget = SUMMARY_BUDGET_BYTES - bytes(head) - bytes(tail) - 2048
  let shown = 0
  for (const r of sorted.slice(0, MAX_TABLE_ROWS)) {
    budget -= Buffer.byteLength(line(r), 'utf8') + 1
    if (budget < 0) break
    shown++
  }
  const visible = sorted.slice(0, shown)
  const changes = visible.filter(r => r.result !== 'unchanged')
  const unchanged = visible.filter(r => r.result === 'unchanged')
  const tables = [
    ...tableBlock(
      report.dryRun
        ? `Planned changes and problems (${changes.length})`
        : `Changes and problems (${changes.length})`,
      changes,
      line,
      true
    ),
    ...tableBlock(`Unchanged refs (${unchanged.length}): up to date, or kept`, unchanged, line, false)
  ]
  if (shown < total)
    tables.push(
      `_Showing ${shown} of ${total} refs, worst first; the ${code(reportName)} artifact has all of them._`,
      ''
    )
  return fitSummary([...head, ...tables, ...tail].join('\n'), reportName)
}

/**
 * Names in git's order (by code unit, as ls-remote and for-each-ref list them), the order the
 * in-sync rows were picked in; a locale's collation would also cost its data's loading in every run.
 */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

/** Last resort for pathological input (megabyte-long ref names): cut at a line, never over the limit. */
function fitSummary(md: string, reportName: string): string {
  if (Buffer.byteLength(md, 'utf8') <= SUMMARY_BUDGET_BYTES) return md
  const cut = Buffer.from(md, 'utf8').subarray(0, SUMMARY_BUDGET_BYTES).toString('utf8')
  return `${cut.slice(0, cut.lastIndexOf('\n'))}\n\n_The summary was cut to fit GitHub's 1 MiB limit; the ${code(reportName)} artifact has the full report._\n`
}
