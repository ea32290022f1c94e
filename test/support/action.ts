import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { SyncReportSchema, type SyncReport } from '../../src/report/schema.js'
import { assertNoSecrets, secretInputs, type ScanResult } from './secrets.js'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const ENTRY = path.join(ROOT, 'dist/index.js')
export const POST_ENTRY = path.join(ROOT, 'dist/post/index.js')

export interface ActionRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  report?: SyncReport
  /** The runner's temp dir for this run (RUNNER_TEMP) and the files the runner provides. */
  runnerTemp: string
  files: { output: string; summary: string; state: string }
  /** What the leak scan read after this run. */
  scan: ScanResult
}

/** Reads a GITHUB_OUTPUT/GITHUB_STATE file in the runner's heredoc format. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (!m) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]!)
    out[m[1]!] = value.join('\n')
  }
  return out
}

export interface RunOptions {
  env?: Record<string, string>
  entry?: string
  /** Send killSignal (default SIGTERM) after this many ms. */
  killAfterMs?: number
  /** Send killSignal (default SIGTERM) when this settles (e.g. once the server holds a request). */
  killOn?: Promise<unknown>
  killSignal?: NodeJS.Signals
  /** Reuse a runner temp dir (e.g. for the post step). */
  runnerTemp?: string
  /** Working directory of the step (the runner's GITHUB_WORKSPACE). */
  cwd?: string
  /** More secrets to scan for, besides every *token* / *key* input. */
  secrets?: string[]
  /** More directories to scan (the runner temp is always scanned). */
  scanDirs?: string[]
  /**
   * A run killed on purpose may leave its SSH key file (ssh reads keys only from files): skip those
   * 0600 files in the run's repo-mirror-ssh-* directory; the post step must then remove them.
   */
  killedWithKeys?: boolean
}

/** The key files a killed run may leave: only 0600 files named *_key in a repo-mirror-ssh-* dir. */
function isLiveKeyFile(file: string): boolean {
  return /\/repo-mirror-ssh-[^/]+\/[a-z]+_key$/.test(file) && (statSync(file).mode & 0o777) === 0o600
}

/** Runs the bundled action exactly as the runner does: INPUT_* variables and command files. */
export async function runAction(inputs: Record<string, string>, opts: RunOptions = {}): Promise<ActionRun> {
  const runnerTemp = opts.runnerTemp ?? mkdtempSync(path.join(os.tmpdir(), 'rm-runner-'))
  const files = {
    output: path.join(runnerTemp, 'github_output'),
    summary: path.join(runnerTemp, 'step_summary.md'),
    state: path.join(runnerTemp, 'github_state')
  }
  for (const f of Object.values(files)) if (!existsSync(f)) writeFileSync(f, '')
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_EVENT_NAME: 'workflow_dispatch',
    GITHUB_RUN_ID: '42',
    GITHUB_WORKFLOW: 'mirror',
    GITHUB_ACTOR: 'tester',
    ...opts.env
  }
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v
  // The runner hands what the main step saved (GITHUB_STATE) to the post step as STATE_* variables.
  if (opts.entry === POST_ENTRY)
    for (const [k, v] of Object.entries(parseCommandFile(readFileSync(files.state, 'utf8'))))
      env[`STATE_${k}`] = v
  const child = spawn(process.execPath, [opts.entry ?? ENTRY], {
    env,
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  const kill = () =>
    child.exitCode === null && child.signalCode === null && child.kill(opts.killSignal ?? 'SIGTERM')
  if (opts.killAfterMs !== undefined) setTimeout(kill, opts.killAfterMs)
  void opts.killOn?.then(kill, kill)
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve =>
    child.on('close', (c, s) => resolve([c, s]))
  )
  const outputs = parseCommandFile(readFileSync(files.output, 'utf8'))
  let report: SyncReport | undefined
  // A pair's report; collect's report-path holds the fleet report instead (tests read that themselves).
  if (outputs['report-path'] && existsSync(outputs['report-path'])) {
    const json = JSON.parse(readFileSync(outputs['report-path'], 'utf8')) as { kind?: string }
    if (json.kind !== 'fleet') report = SyncReportSchema.parse(json)
  }
  // Every run of the action, in every test, ends with the leak scan: files it could write and its logs.
  const scan = assertNoSecrets([...secretInputs(inputs), ...(opts.secrets ?? [])], {
    dirs: [runnerTemp, ...(opts.scanDirs ?? [])],
    texts: [stdout, stderr],
    skip: opts.killedWithKeys ? isLiveKeyFile : undefined
  })
  return {
    code,
    signal,
    stdout,
    stderr,
    outputs,
    summary: readFileSync(files.summary, 'utf8'),
    report,
    runnerTemp,
    files,
    scan
  }
}

/** Runs the post step after a main run, as the runner does: same inputs, STATE_* from its state file. */
export async function runPostStep(
  main: ActionRun,
  inputs: Record<string, string>,
  opts: RunOptions = {}
): Promise<ActionRun> {
  return runAction(inputs, { ...opts, entry: POST_ENTRY, runnerTemp: main.runnerTemp })
}
