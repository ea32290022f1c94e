import * as core from '../runner.js'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Remote } from '../git/remote.js'
import { scrub } from '../git/secrets.js'
import type { RepoSpec } from '../inputs.js'
import type { LfsResult } from '../lfs/copy.js'
import type { Outcome, PlannedRef, PullOutcome } from '../record.js'
import { uploadReport } from './artifact.js'
import { countRefs, finishRecords, splitUpToDate, verdict } from './build.js'
import { githubWebUrl } from './links.js'
import { SyncReportSchema, type PrunedBackup, type SyncReport } from './schema.js'
import { renderSummary } from './summary.js'

/** How the report names a side: from the resolved remote, else from the input, else unknown. */
export function describeSide(spec: RepoSpec | undefined, remote?: Remote): SyncReport['source'] {
  if (remote)
    return {
      repo: remote.display,
      url: remote.local ? null : remote.url,
      webUrl: remote.local ? null : githubWebUrl(remote)
    }
  if (!spec) return { repo: '(not given or not valid)', url: null, webUrl: null }
  if (spec.kind === 'path') return { repo: spec.path, url: null, webUrl: null }
  const githubRepo = spec.kind === 'github' ? `${spec.owner}/${spec.name}` : undefined
  const serverUrl = spec.kind === 'github' ? spec.serverUrl : undefined
  return {
    repo: githubRepo ?? spec.url,
    url: spec.url,
    webUrl: githubWebUrl({ url: spec.url, githubRepo, serverUrl })
  }
}

/** Everything a run knows when it stops, however early. */
export interface RunRecord {
  /** Absent when the inputs could not be read: then it is a mirror run that never started. */
  mode?: SyncReport['mode']
  direction?: SyncReport['direction']
  source: SyncReport['source']
  target: SyncReport['target']
  dryRun: boolean
  force: boolean
  prune: boolean
  auth: string
  planned: PlannedRef[]
  outcomes: Map<string, Outcome>
  pulls?: Map<string, PullOutcome>
  backupsPruned?: PrunedBackup[]
  lfs?: LfsResult
  warnings: string[]
  error: string | null
  timings: Record<string, number>
  fetchRounds?: SyncReport['fetchRounds']
  startedAt: Date
  finishedAt: Date
  env: NodeJS.ProcessEnv
}

export function buildReport(r: RunRecord): SyncReport {
  // Per-ref messages and causes may quote the remote (git push summaries): scrubbed like all text.
  const twoWay = r.direction === 'both'
  const { upToDate, rest } = splitUpToDate(r.planned, r.pulls)
  const refs = finishRecords(rest, r.outcomes, r.dryRun, r.pulls).map(x => ({
    ...x,
    // Two-way records all say which side they write (null: neither); one-way ones write the target.
    ...(twoWay ? { side: x.side ?? null } : {}),
    message: scrub(x.message),
    cause: x.cause && { kind: x.cause.kind, detail: scrub(x.cause.detail) }
  }))
  const counts = countRefs(refs, Object.keys(upToDate).length)
  // The in-sync ids are the listings' own, checked as they were read (parseRefList): validating
  // 20,000 of them again would cost more than the rest of the report. Parsed once: zod's compiled
  // fast path costs more to generate than it saves on one parse, however many refs there are.
  const report = SyncReportSchema.parse(
    {
      schemaVersion: 3,
      mode: r.mode ?? 'mirror',
      direction: r.direction ?? 'source-to-target',
      source: r.source,
      target: r.target,
      trigger: {
        event: r.env.GITHUB_EVENT_NAME ?? null,
        runId: r.env.GITHUB_RUN_ID ?? null,
        workflow: r.env.GITHUB_WORKFLOW ?? null,
        actor: r.env.GITHUB_ACTOR ?? null
      },
      startedAt: r.startedAt.toISOString(),
      finishedAt: r.finishedAt.toISOString(),
      dryRun: r.dryRun,
      force: r.force,
      prune: r.prune,
      auth: r.auth,
      result: verdict(counts, r.dryRun, r.error),
      counts,
      timings: r.timings,
      ...(r.fetchRounds ? { fetchRounds: r.fetchRounds } : {}),
      warnings: r.warnings.map(scrub),
      lfs: r.lfs,
      error: r.error,
      refs,
      upToDate: {},
      ...(r.backupsPruned ? { backupsPruned: r.backupsPruned } : {})
    },
    { jitless: true }
  )
  return { ...report, upToDate }
}

/**
 * The report as its file holds it: one line per field and one line per ref. Indented JSON would
 * make a 20,000-ref report half again as large and several times slower to write; a line per ref
 * keeps it readable, greppable and diffable ref by ref (`jq .` indents it for reading).
 */
export function reportFile(report: SyncReport): string {
  const fields = Object.entries(report)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) =>
      key === 'refs'
        ? `"refs": [${report.refs.map(r => `\n  ${JSON.stringify(r)}`).join(',')}${report.refs.length ? '\n' : ''}]`
        : key === 'upToDate'
          ? `"upToDate": {${upToDateLines(report.upToDate)}}`
          : `${JSON.stringify(key)}: ${JSON.stringify(value)}`
    )
  return `{\n${fields.join(',\n')}\n}\n`
}

/** `"ref": "id"` a line each; a for-in loop, as Object.entries of 20,000 keys costs several times more. */
function upToDateLines(upToDate: Record<string, string>): string {
  let lines = ''
  for (const ref in upToDate) lines += `${lines ? ',' : ''}\n  ${JSON.stringify(ref)}: "${upToDate[ref]}"`
  return lines ? `${lines}\n` : ''
}

/** Refs whose outcome the step log lists when the step fails. */
const PROBLEMS = new Set(['rejected', 'failed', 'skipped'])
const MAX_FAILURE_LINES = 20

/**
 * Publishes a report: the JSON file, the step outputs, the job summary, the artifact, and the
 * step's failure when the verdict is failed or conflicts. Returns the file's path.
 */
export async function publishReport(
  report: SyncReport,
  where: { reportName: string; retentionDays?: number; env: NodeJS.ProcessEnv }
): Promise<string> {
  const { env, reportName } = where
  const dir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'repo-mirror-report')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${reportName}.json`)
  writeFileSync(file, scrub(reportFile(report)))

  for (const w of report.warnings) core.warning(w)
  const c = report.counts
  core.setOutput('result', report.result)
  core.setOutput('updated', String(c.updated))
  core.setOutput('planned', String(c.planned))
  core.setOutput('skipped', String(c.skipped))
  core.setOutput('conflicts', String(c.conflicts))
  core.setOutput('held', String(c.held))
  core.setOutput('failed', String(c.failed))
  core.setOutput('report-path', file)
  core.setOutput(
    'updated-refs',
    JSON.stringify(
      report.refs
        .filter(x => x.result === 'applied' || x.result === 'planned')
        .map(x => ({ ref: x.ref, side: x.side ?? 'target', action: x.action, result: x.result }))
    )
  )
  core.setOutput(
    'pull-requests',
    JSON.stringify(report.refs.filter(x => x.pullRequest).map(x => ({ ref: x.ref, ...x.pullRequest })))
  )

  if (env.GITHUB_STEP_SUMMARY) core.appendSummary(scrub(renderSummary(report, reportName)))
  await uploadReport(file, reportName, where.retentionDays)

  for (const b of report.backupsPruned ?? [])
    if (b.result === 'failed') core.warning(`backup ${b.ref} not deleted: ${b.message ?? ''}`)
  const problems = report.refs.filter(x => PROBLEMS.has(x.result))
  const lines = problems.slice(0, MAX_FAILURE_LINES).map(x => `${x.ref}: ${x.message}`)
  if (problems.length > MAX_FAILURE_LINES)
    lines.push(`…and ${problems.length - MAX_FAILURE_LINES} more (see ${file})`)
  if (report.result === 'failed' || report.result === 'conflicts')
    core.setFailed([report.error, ...lines].filter(Boolean).join('\n'))
  else if (report.dryRun) for (const x of problems) core.warning(`${x.ref}: ${x.message}`)
  const partition = Object.entries(c)
    .filter(([k, v]) => v > 0 && k !== 'selected')
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')
  core.info(
    `result: ${report.result} (${c.selected} refs${partition ? `: ${partition}` : ''}); report: ${file}`
  )
  return file
}
