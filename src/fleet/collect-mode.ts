import * as core from '../runner.js'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { messageOf } from '../engine.js'
import { scrub } from '../git/secrets.js'
import { parseSharedInputs } from '../inputs.js'
import { ConfigError } from './config.js'
import { uploadReport } from '../report/artifact.js'
import { SyncReportSchema, type SyncReport } from '../report/schema.js'
import { isLegReport } from './matrix.js'
import { pool } from './pool.js'
import {
  fleetFailed,
  fleetReport,
  missingPair,
  pairResult,
  type FleetReport,
  type PairResult
} from './report.js'
import { fleetCounts, fleetHeadline, renderFleetSummary } from './summary.js'

/** Writes the combined report next to the single-pair reports and returns its path. */
export function writeFleetReport(fleet: FleetReport, name: string, env: NodeJS.ProcessEnv): string {
  const dir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'repo-mirror-report')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${name}.json`)
  writeFileSync(file, scrub(JSON.stringify(fleet, null, 2)) + '\n')
  return file
}

/** The leg number in `<prefix>-0007-…`, to tell which legs left no report. */
const legNumber = (prefix: string, name: string) => Number(name.slice(prefix.length + 1).split('-')[0])

/**
 * mode: collect — in a job that `needs` the legs: reads every leg report artifact of this run
 * (found by the plan's naming pattern), writes one fleet summary and uploads the combined report
 * as `<report-name>-fleet`. Fails when any pair failed, had conflicts or left no report.
 */
export async function runCollect(
  raw: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv
): Promise<FleetReport | undefined> {
  try {
    const options = parseSharedInputs(raw, env)
    const prefix = options.reportName
    const combined = `${prefix}-fleet`
    if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL)
      throw new ConfigError(
        "mode 'collect' runs in a workflow job: it reads this run's artifacts, and there is no Actions runtime here"
      )
    const { DefaultArtifactClient } = await import('@actions/artifact')
    const client = new DefaultArtifactClient()
    const fleet = await core.group('Collect', async () => {
      const { artifacts } = await client.listArtifacts({ latest: true })
      const legs = artifacts
        .filter(a => isLegReport(prefix, a.name))
        .sort((a, b) => a.name.localeCompare(b.name))
      core.info(`${legs.length} leg reports in this run (of ${artifacts.length} artifacts)`)
      const runUrl =
        env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
          ? `${env.GITHUB_SERVER_URL.replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
          : undefined
      const scratch = mkdtempSync(path.join(env.RUNNER_TEMP || os.tmpdir(), 'repo-mirror-collect-'))
      try {
        const read = await pool(legs, 8, async (a): Promise<{ pair: PairResult; report?: SyncReport }> => {
          const where = { report: a.name, reportUrl: runUrl ? `${runUrl}/artifacts/${a.id}` : null }
          try {
            const dir = path.join(scratch, String(a.id))
            await client.downloadArtifact(a.id, { path: dir })
            const json = readdirSync(dir).find(f => f.endsWith('.json'))
            if (!json) throw new Error('the artifact holds no .json report')
            const report = SyncReportSchema.parse(JSON.parse(readFileSync(path.join(dir, json), 'utf8')))
            return { pair: pairResult(report, where), report }
          } catch (err) {
            return {
              pair: { ...missingPair(a.name, '—', `report unreadable: ${messageOf(err)}`, a.name), ...where }
            }
          }
        })
        const pairs = read.map(r => r.pair)
        // Validated with the other inputs (a whole number); blank means "not told".
        const expected = raw.legs?.trim() ? Number(raw.legs) : undefined
        if (expected !== undefined) {
          const seen = new Set(legs.map(a => legNumber(prefix, a.name)))
          for (let n = 1; n <= expected; n++)
            if (!seen.has(n))
              pairs.push(
                missingPair(`leg ${n}`, '—', `leg ${n} of ${expected} uploaded no report: see that job's log`)
              )
        }
        if (pairs.length === 0)
          throw new Error(
            `no leg report named '${prefix}-NNNN-…' in this run: run the legs (mode: mirror with leg) in a job this one needs, with the same report-name`
          )
        return fleetReport(
          pairs,
          read.flatMap(r => (r.report ? [r.report] : []))
        )
      } finally {
        rmSync(scratch, { recursive: true, force: true })
      }
    })
    const file = writeFleetReport(fleet, combined, env)
    core.setOutput('result', fleet.result)
    core.setOutput('report-path', file)
    if (env.GITHUB_STEP_SUMMARY) core.appendSummary(scrub(renderFleetSummary(fleet, combined)))
    await uploadReport(file, combined, options.retentionDays)
    const summary = `fleet: ${fleetHeadline(fleet)} (${fleetCounts(fleet)})`
    if (fleetFailed(fleet)) {
      const bad = fleet.pairs.filter(p => ['failed', 'missing', 'conflicts'].includes(p.result))
      core.setFailed(
        scrub(
          [
            summary,
            ...bad.slice(0, 20).map(p => `${p.source} → ${p.target}: ${p.result}: ${p.problem ?? ''}`)
          ].join('\n')
        )
      )
    } else core.info(summary)
    return fleet
  } catch (err) {
    core.setOutput('result', 'failed')
    core.setFailed(messageOf(err))
    return undefined
  }
}
