import * as core from './runner.js'
import { mirror, messageOf } from './engine.js'
import { InputError, parseInputs, readInputs, type KnownInputs, type Options } from './inputs.js'
import { buildReport, describeSide, publishReport, type RunRecord } from './report/publish.js'
import type { SyncReport } from './report/schema.js'
import { cleanUpOnSignals } from './workdir.js'

/**
 * The action: reads its inputs and runs the chosen mode. `mirror` (the default) and `restore` are one
 * pair through the engine, whose report is published here; `plan` and `collect` are the two ends of
 * a fleet on the Actions matrix. Never throws.
 */
export async function run(): Promise<SyncReport | undefined> {
  const env = process.env
  const startedAt = new Date()
  cleanUpOnSignals()
  const raw = readInputs(env)
  const mode = (raw.mode ?? '').trim()
  if (mode === 'plan' || mode === 'collect') {
    // The fleet's two ends (config, YAML, API discovery) are loaded only by the runs that are them.
    if (mode === 'plan') await (await import('./fleet/plan-mode.js')).runPlan(raw, env)
    else await (await import('./fleet/collect-mode.js')).runCollect(raw, env)
    return undefined
  }
  let options: Options
  try {
    const leg = raw.leg?.trim() ? (await import('./fleet/leg.js')).legInputs(raw) : raw
    options = parseInputs(leg, env)
  } catch (err) {
    // Even a run that cannot start reports, so the summary says what to fix.
    const known: KnownInputs =
      err instanceof InputError
        ? err.known
        : { reportName: 'sync-report', dryRun: false, force: false, prune: false }
    return report(env, known, {
      source: describeSide(known.source),
      target: describeSide(known.target),
      auth: 'token',
      planned: [],
      outcomes: new Map(),
      warnings: [],
      error: messageOf(err),
      timings: {},
      startedAt
    })
  }
  try {
    const syncReport = await mirror(options, env)
    await core.group('Publish', () =>
      publishReport(syncReport, {
        reportName: options.reportName,
        retentionDays: options.retentionDays,
        env
      })
    )
    return syncReport
  } catch (err) {
    return failed(err)
  }
}

/** Builds and publishes the report of a run that never started. */
async function report(
  env: NodeJS.ProcessEnv,
  known: KnownInputs,
  facts: Omit<RunRecord, 'dryRun' | 'force' | 'prune' | 'finishedAt' | 'env'>
): Promise<SyncReport | undefined> {
  try {
    const syncReport = buildReport({
      ...facts,
      dryRun: known.dryRun,
      force: known.force,
      prune: known.prune,
      finishedAt: new Date(),
      env
    })
    await publishReport(syncReport, {
      reportName: known.reportName,
      retentionDays: known.retentionDays,
      env
    })
    return syncReport
  } catch (err) {
    return failed(err, facts.error)
  }
}

/** If even the report fails, the step fails saying why. */
function failed(err: unknown, error?: string | null): undefined {
  core.setOutput('result', 'failed')
  const message = messageOf(err)
  core.setFailed(
    `${message.startsWith('could not write the report') ? message : `could not write the report: ${message}`}${error ? `\n${error}` : ''}`
  )
  return undefined
}
