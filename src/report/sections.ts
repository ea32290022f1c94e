import { literalPattern } from '../refs/select.js'
import { code, commit, fenced, shellWord, text, yamlLines } from './markdown.js'
import type { RefRecord } from '../record.js'
import type { SyncReport } from './schema.js'

/** Refs whose incoming commits the summary lists (each folded); the artifact has every one. */
const MAX_CHANGED_REFS = 50
/** Commits listed per ref in the summary (the report keeps up to its own cap). */
const MAX_SUMMARY_COMMITS = 10
/** Refs spelled out in the undo commands; beyond that the dispatch is the way. */
const MAX_UNDO_COMMANDS = 100
const MAX_LISTED = 100

const displayName = (r: { ref: string }) => r.ref.replace(/^refs\//, '')
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/** The namespace undo commands fetch backups into: private, never a branch or tag of the clone. */
const UNDO_NS = 'refs/undo/'

/** Refs this run overwrote or deleted after saving their old tips: what an undo puts back. */
export function overwritten(report: SyncReport): RefRecord[] {
  if (report.dryRun) return []
  return report.refs.filter(
    r =>
      r.result === 'applied' &&
      r.backupRef &&
      r.targetBefore &&
      (r.action === 'force-update' || r.action === 'delete' || r.action === 'restore')
  )
}

/** The stamp (yyyymmddThhmmssZ) a backup ref ends in. */
export const stampOf = (backupRef: string) => backupRef.slice(backupRef.lastIndexOf('/') + 1)

/**
 * The exact way back for a run that overwrote or deleted refs: a `workflow_dispatch` with
 * mode: restore, and the same by hand with git (backup refs are not fetched by a clone, so the
 * commands fetch each one by name first).
 */
export function undoSection(report: SyncReport): string[] {
  const refs = overwritten(report)
  if (!refs.length) return []
  const stamps = [...new Set(refs.map(r => stampOf(r.backupRef!)))].sort()
  const out = [
    '### Undo this run',
    '',
    `This run ${report.mode === 'restore' ? 'restored' : 'overwrote or deleted'} ${plural(refs.length, 'ref')}; each old tip was saved first. To put ${refs.length === 1 ? 'it' : 'them'} back:`,
    ''
  ]
  const names = (kind: 'branch' | 'tag') => refs.filter(r => r.kind === kind).map(r => literalPattern(r.name))
  out.push(
    `1. **One dispatch**: run the workflow${report.trigger.workflow ? ` _${text(report.trigger.workflow)}_` : ''} (${code('workflow_dispatch')}) with these action inputs; the tips the refs have then are backed up again before they are replaced:`,
    '',
    ...fenced('yaml', [
      'mode: restore',
      `restore-from: ${stamps[0]}`,
      ...yamlLines('branches', names('branch')),
      ...yamlLines('tags', names('tag'))
    ]).map(l => `   ${l}`),
    ''
  )
  const url = shellWord(report.target.url ?? report.target.repo)
  const shown = refs.slice(0, MAX_UNDO_COMMANDS)
  const fetchSpecs = shown.map(r => shellWord(`${r.backupRef}:${UNDO_NS}${r.ref.slice('refs/'.length)}`))
  const leases = shown.map(r => shellWord(`--force-with-lease=${r.ref}:${r.targetAfter ?? ''}`))
  const pushSpecs = shown.map(r => shellWord(`${UNDO_NS}${r.ref.slice('refs/'.length)}:${r.ref}`))
  const continued = (head: string, items: string[]) => [
    `${head} \\`,
    ...items.map((x, i) => `  ${x}${i < items.length - 1 ? ' \\' : ''}`)
  ]
  out.push(
    `2. **By hand with git**, with credentials that can push to the target. A clone does not fetch ${code('refs/mirror-backup/*')}, so each backup is fetched by name; each lease refuses the push if the ref moved since this run:`,
    '',
    ...fenced(
      // $'…' words (names with characters outside printable ASCII) need bash, not every sh.
      [url, ...fetchSpecs, ...leases, ...pushSpecs].some(w => w.startsWith("$'")) ? 'bash' : 'sh',
      [
        'git init --bare mirror-undo.git && cd mirror-undo.git',
        ...continued(`git fetch --no-tags ${url}`, fetchSpecs),
        ...continued('git push', [...leases, url, ...pushSpecs])
      ]
    ).map(l => `   ${l}`),
    ''
  )
  if (refs.length > shown.length)
    out.push(
      `   _The commands cover the first ${shown.length} refs; the dispatch covers all ${refs.length}._`,
      ''
    )
  return out
}

function pullRequests(report: SyncReport): string[] {
  const prs = report.refs.filter(r => r.pullRequest)
  if (!prs.length) return []
  const out = ['### Pull requests', '']
  for (const r of prs.slice(0, MAX_LISTED)) {
    const pr = r.pullRequest!
    out.push(
      `- ${code(displayName(r))} ← ${code(pr.head)}: [#${pr.number}](${pr.url}) ${pr.state}${r.result === 'proposed' && r.incoming ? ` (${plural(r.incoming.total, 'commit')} to merge)` : ''}`
    )
  }
  if (prs.length > MAX_LISTED) out.push(`- …and ${prs.length - MAX_LISTED} more in the report artifact`)
  return [...out, '']
}

function whatChanged(report: SyncReport): string[] {
  const refs = report.refs.filter(r => r.incoming && r.incoming.total > 0)
  if (!refs.length) return []
  const verb = report.dryRun ? 'would arrive' : 'arrived'
  const out = [`### What ${verb}`, '']
  for (const r of refs.slice(0, MAX_CHANGED_REFS)) {
    const inc = r.incoming!
    // Two-way sync brings commits into either side, from the other one.
    const into = report.direction === 'both' && r.side ? ` into the ${r.side}` : ''
    const from = r.side === 'source' ? report.target : report.source
    out.push(`<details><summary>${code(displayName(r))}: ${plural(inc.total, 'commit')}${into}</summary>`, '')
    for (const c of inc.commits.slice(0, MAX_SUMMARY_COMMITS))
      out.push(`- ${commit(from, c.sha)} ${text(c.subject)} — ${text(c.author)}, ${text(c.date)}`)
    if (inc.total > Math.min(inc.commits.length, MAX_SUMMARY_COMMITS))
      out.push(`- …and ${inc.total - Math.min(inc.commits.length, MAX_SUMMARY_COMMITS)} more`)
    out.push('', '</details>', '')
  }
  if (refs.length > MAX_CHANGED_REFS)
    out.push(`_…and ${refs.length - MAX_CHANGED_REFS} more refs in the report artifact._`, '')
  return out
}

function prunedBackups(report: SyncReport): string[] {
  const list = report.backupsPruned ?? []
  if (!list.length) return []
  const failed = list.filter(b => b.result === 'failed').length
  const title = `${report.dryRun ? 'Backups due for deletion' : 'Backups deleted'} by backup-retention-days (${list.length}${failed ? `, ${failed} failed` : ''})`
  const out = [`<details><summary><b>${text(title)}</b></summary>`, '']
  for (const b of list.slice(0, MAX_LISTED))
    out.push(
      `- ${code(b.ref)} (${b.sha.slice(0, 7)}, backup of ${code(displayName({ ref: b.of }))})${b.result === 'failed' ? `: ❌ ${text(b.message ?? 'not deleted')}` : ''}`
    )
  if (list.length > MAX_LISTED) out.push(`- …and ${list.length - MAX_LISTED} more in the report artifact`)
  return [...out, '', '</details>', '']
}

/** Sections about what the run brought and proposed: pull requests, incoming commits, pruned backups. */
export function changeSections(report: SyncReport): string[] {
  return [...pullRequests(report), ...whatChanged(report), ...prunedBackups(report)]
}
