import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { mirror, messageOf } from '../engine.js'
import { isUsageError, optionInputs, readConfig, type FleetConfig } from '../fleet/config.js'
import { planFleet } from '../fleet/plan-mode.js'
import type { Pair } from '../fleet/pairs.js'
import { fleetFailed, fleetReport, missingPair, pairResult, type PairResult } from '../fleet/report.js'
import { fleetCounts, fleetHeadline } from '../fleet/summary.js'
import { scrub } from '../git/secrets.js'
import { InputError, parseInputs, parseSharedInputs, type Options } from '../inputs.js'
import type { SyncReport } from '../report/schema.js'
import { cleanUpOnSignals, makeWorkDir, removeWorkDir } from '../workdir.js'
import { envInputs, HELP, parseCliArgs, SECRET_ENV } from './args.js'
import { inPair, Progress } from './output.js'
import { mirrorInWorkers, type PairOutcome } from './workers.js'

export interface CliIO {
  stdout: (s: string) => void
  stderr: (s: string) => void
  tty: boolean
}

// Bound now: Progress later takes over process.stdout.write for the engine's lines.
const realStdout = process.stdout.write.bind(process.stdout)
const defaultIO: CliIO = {
  stdout: s => void realStdout(s),
  stderr: s => void process.stderr.write(s),
  tty: process.stdout.isTTY === true
}

/** Variables that would make src/runner.ts write into a runner's files: the CLI is not an action step. */
const RUNNER_FILES = ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_STEP_SUMMARY', 'ACTIONS_RUNTIME_TOKEN']

function doneLine(p: PairResult): string {
  const what = p.result === 'dry-run' ? 'planned' : 'updated'
  const counts = `${p.updated} ref${p.updated === 1 ? '' : 's'} ${what}`
  return p.problem && !['synced', 'in-sync', 'dry-run'].includes(p.result)
    ? `${p.result}: ${p.problem}`
    : `${p.result} (${counts}${p.failed ? `, ${p.failed} failed` : ''})`
}

/** The CLI: one pair from flags or a fleet from a config, through the action's engine. Returns the exit code. */
export async function main(
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
  io: CliIO = defaultIO
): Promise<number> {
  let args
  try {
    args = parseCliArgs(argv)
  } catch (err) {
    io.stderr(`repo-mirror: ${(err as Error).message}\n`)
    return 2
  }
  if (args.help) {
    io.stdout(HELP)
    return 0
  }
  for (const k of RUNNER_FILES) delete env[k]

  const progress = new Progress(io.stdout, io.tty, args.verbose)
  // A cancel (Ctrl-C, SIGTERM) stops git and removes the work directories, as in the action.
  cleanUpOnSignals()
  progress.capture()
  const root = makeWorkDir('repo-mirror-cli-', env)
  try {
    const shared: Record<string, string | undefined> = { ...envInputs(env), ...args.inputs }
    let sharedOptions: Options
    let pairs: Pair[]
    const failedEarly: PairResult[] = []
    try {
      sharedOptions = parseSharedInputs(shared, env)
      const config: FleetConfig = args.config
        ? readConfig(args.config)
        : { mirrors: [{ source: args.source!, targets: args.targets }] }
      // A flag applies to every pair: it overrides what the config says.
      if (args.createTargets !== undefined)
        for (const e of [...(config.mirrors ?? []), ...(config.owners ?? [])])
          e['create-targets'] = args.createTargets
      const resolved = await planFleet(config, sharedOptions, {
        info: s => (args.verbose ? progress.print(s) : undefined),
        warning: s => progress.print(`warning: ${s}`)
      })
      pairs = resolved.pairs
      for (const u of resolved.unlisted)
        failedEarly.push({ ...missingPair(u.source, u.target, u.problem), result: 'failed' })
    } catch (err) {
      if (isUsageError(err)) {
        progress.release()
        io.stderr(`repo-mirror: ${scrub(err.message).split('\n').join('\nrepo-mirror: ')}\n`)
        return 2
      }
      throw err
    }

    // Every pair's options are checked before any pair runs: a typo is a usage error, not 50 failures.
    const perPair = pairs.map(p => ({
      pair: p,
      raw: {
        ...shared,
        ...optionInputs(p.options),
        ...args.inputs,
        'source-repo': p.source,
        'target-repo': p.target
      }
    }))
    const problems: string[] = []
    const options = perPair.map(({ pair, raw }) => {
      try {
        return parseInputs(raw, env)
      } catch (err) {
        if (!(err instanceof InputError)) throw err
        problems.push(
          ...err.message.split('\n').map(l => `${pair.origin} (${pair.source} → ${pair.target}): ${l}`)
        )
        return undefined
      }
    })
    if (problems.length) {
      progress.release()
      io.stderr(problems.map(l => `repo-mirror: ${scrub(l)}\n`).join(''))
      return 2
    }

    // Every pair's work directory lives under the CLI's own, removed at the end whatever happens.
    const pairEnv: NodeJS.ProcessEnv = { ...env, RUNNER_TEMP: root }
    const indexes = pairs.map(p => progress.add(`${p.source} → ${p.target}`))
    const results = new Array<{ pair: PairResult; report?: SyncReport }>(pairs.length)
    const finish = (i: number, outcome: PairOutcome) => {
      const pair = pairs[i]!
      const out =
        'report' in outcome
          ? { pair: pairResult(outcome.report), report: outcome.report }
          : { pair: { ...missingPair(pair.source, pair.target, outcome.error), result: 'failed' as const } }
      results[i] = out
      progress.finish(indexes[i]!, doneLine(out.pair))
    }
    if (args.concurrency > 1 && pairs.length > 1) {
      // Workers take their credentials with each pair's options, not from the environment.
      const workerEnv = { ...pairEnv }
      for (const name of Object.values(SECRET_ENV)) delete workerEnv[name]
      await mirrorInWorkers(
        options.map((o, i) => ({ index: i, options: o! })),
        {
          concurrency: args.concurrency,
          env: workerEnv,
          onStart: i => progress.start(indexes[i]!),
          onLine: (i, line) => progress.engineLine(line, indexes[i]),
          onDone: finish
        }
      )
    } else
      for (const [i, o] of options.entries()) {
        progress.start(indexes[i]!)
        try {
          finish(i, { report: await inPair(indexes[i]!, () => mirror(o!, pairEnv)) })
        } catch (err) {
          finish(i, { error: messageOf(err) })
        }
      }
    const fleet = fleetReport(
      [...failedEarly, ...results.map(r => r.pair)],
      results.flatMap(r => (r.report ? [r.report] : []))
    )
    progress.release()
    if (args.report) {
      mkdirSync(path.dirname(path.resolve(args.report)), { recursive: true })
      writeFileSync(args.report, scrub(JSON.stringify(fleet, null, 2)) + '\n', { mode: 0o600 })
    }
    const bad = fleet.pairs.filter(p => ['failed', 'missing', 'conflicts'].includes(p.result))
    const lines = [`repo-mirror: ${fleetHeadline(fleet)} (${fleetCounts(fleet)})`]
    for (const p of bad) lines.push(`  ${p.source} → ${p.target}: ${p.result}: ${p.problem ?? ''}`)
    if (args.report) lines.push(`report: ${args.report}`)
    io.stdout(scrub(lines.join('\n')) + '\n')
    return fleetFailed(fleet) ? 1 : 0
  } catch (err) {
    progress.release()
    io.stderr(`repo-mirror: ${messageOf(err)}\n`)
    return 1
  } finally {
    progress.release()
    removeWorkDir(root)
  }
}
