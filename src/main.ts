import * as core from '@actions/core'
import { mkdirSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { mirror, messageOf, defaultDeps, type Deps } from './engine.js'
import { scrub } from './git/secrets.js'
import { legInputs } from './fleet/leg.js'
import { runCollect } from './fleet/collect-mode.js'
import { runPlan } from './fleet/plan-mode.js'
import { parseInputs, readInputs, type Options } from './inputs.js'
import { uploadReport } from './report/artifact.js'
import type { SyncReport } from './report/schema.js'
import { renderSummary } from './report/summary.js'

export type { Deps } from './engine.js'

/**
 * The action: reads its inputs and runs the chosen mode. `mirror` (the default) and `restore` are one
 * pair through the engine; `plan` and `collect` are the two ends of a fleet on the Actions matrix.
 * Never throws.
 */
export async function run(deps: Deps = defaultDeps): Promise<SyncReport | undefined> {
  const { env } = deps
  let raw = readInputs(env)
  const mode = (raw.mode ?? '').trim() || 'mirror'
  if (mode === 'plan' || mode === 'collect') {
    await (mode === 'plan' ? runPlan : runCollect)(raw, deps)
    return undefined
  }
  let options: Options
  try {
    raw = legInputs(raw)
    options = parseInputs(raw, env)
  } catch (err) {
    core.setOutput('result', 'failed')
    core.setFailed(messageOf(err))
    return undefined
  }
  let report: SyncReport
  try {
    report = await mirror(options, deps)
    await core.group('Publish', () => publish(report, options, env))
  } catch (err) {
    core.setOutput('result', 'failed')
    const message = messageOf(err)
    core.setFailed(message.startsWith('could not') ? message : `could not write the report: ${message}`)
    return undefined
  }
  return report
}

/** The report as the runner shows it: outputs, job summary, artifact, annotations, step status. */
async function publish(report: SyncReport, options: Options, env: NodeJS.ProcessEnv) {
  const dir = path.join(env.RUNNER_TEMP || os.tmpdir(), 'repo-mirror-report')
  mkdirSync(dir, { recursive: true })
  const file = path.join(dir, `${options.reportName}.json`)
  writeFileSync(file, scrub(JSON.stringify(report, null, 2)) + '\n')
  const { result, refs } = report
  for (const w of report.warnings) core.warning(w)
  const c = report.counts
  core.setOutput('result', result)
  core.setOutput('updated', String(c.created + c.fastForwarded + c.forced + c.pruned + (c.restored ?? 0)))
  core.setOutput('planned', String(c.planned))
  core.setOutput('skipped', String(c.skipped))
  core.setOutput('conflicts', String(c.conflicts))
  core.setOutput('report-path', file)
  core.setOutput(
    'pull-requests',
    JSON.stringify(refs.filter(x => x.pullRequest).map(x => ({ ref: x.ref, ...x.pullRequest })))
  )

  if (env.GITHUB_STEP_SUMMARY) {
    await core.summary.addRaw(scrub(renderSummary(report, options.reportName)), true).write()
  }
  await uploadReport(file, options.reportName, options.retentionDays)

  for (const b of report.backupsPruned ?? [])
    if (b.result === 'failed') core.warning(`backup ${b.ref} not deleted: ${b.message ?? ''}`)

  const problems = refs.filter(x => ['rejected', 'protected', 'failed', 'skipped'].includes(x.result))
  const lines = problems.slice(0, 20).map(x => `${x.ref}: ${x.message}`)
  if (problems.length > 20) lines.push(`…and ${problems.length - 20} more (see ${file})`)
  if (result === 'failed' || result === 'conflicts')
    core.setFailed([report.error, ...lines].filter(Boolean).join('\n'))
  else if (options.dryRun) for (const x of problems) core.warning(`${x.ref}: ${x.message}`)
  core.info(`result: ${result}; report: ${file}`)
}
