import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { mirror, messageOf } from '../engine.js'
import { cleanUpOnSignals } from '../workdir.js'
import type { Options } from '../inputs.js'
import type { SyncReport } from '../report/schema.js'
import { captureStdoutLines } from './output.js'

/** Set in a worker's environment: the CLI entry then serves pairs over IPC instead of parsing flags. */
export const WORKER_ENV = 'REPO_MIRROR_CLI_WORKER'

type ToWorker = { type: 'pair'; index: number; options: Options }
type FromWorker =
  | { type: 'line'; index: number; line: string }
  | { type: 'done'; index: number; report: SyncReport }
  | { type: 'failed'; index: number; message: string }

export type PairOutcome = { report: SyncReport } | { error: string }

export interface WorkerPoolOptions {
  concurrency: number
  /** The workers' environment (credentials stay out of it: they travel with each pair's options). */
  env: NodeJS.ProcessEnv
  /** A line the engine logged for a pair (workflow commands included), as Progress reads them. */
  onLine: (index: number, line: string) => void
  onStart: (index: number) => void
  onDone: (index: number, outcome: PairOutcome) => void
}

/**
 * Mirrors pairs in `concurrency` worker processes, each running one pair at a time through the
 * engine. Node starts every child process (each git) synchronously on its main thread and waits
 * until it runs; on a busy machine that wait is most of a small pair's time, so pairs sharing one
 * process queue behind each other's git starts. Separate processes start their git in parallel.
 * A worker that dies fails the pair it held; the others carry on.
 */
export async function mirrorInWorkers(
  pairs: { index: number; options: Options }[],
  o: WorkerPoolOptions
): Promise<void> {
  const queue = [...pairs]
  const entry = fileURLToPath(import.meta.url)
  const children = new Set<ChildProcess>()
  // A cancel sent to the CLI alone (not its process group) reaches the workers too: each stops its
  // git and revokes what it minted, as the action does.
  const forward = (signal: NodeJS.Signals) => () => {
    for (const c of children) c.kill(signal)
  }
  const onInt = forward('SIGINT')
  const onTerm = forward('SIGTERM')
  process.on('SIGINT', onInt)
  process.on('SIGTERM', onTerm)

  const runWorker = () =>
    new Promise<void>(resolve => {
      const child = fork(entry, [], {
        env: { ...o.env, [WORKER_ENV]: '1' },
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        serialization: 'advanced'
      })
      children.add(child)
      let current: number | undefined
      const next = () => {
        const pair = queue.shift()
        if (!pair) {
          current = undefined
          child.disconnect()
          return
        }
        current = pair.index
        o.onStart(pair.index)
        child.send({ type: 'pair', index: pair.index, options: pair.options } satisfies ToWorker)
      }
      child.on('message', (m: FromWorker) => {
        if (m.type === 'line') o.onLine(m.index, m.line)
        else {
          o.onDone(m.index, m.type === 'done' ? { report: m.report } : { error: m.message })
          next()
        }
      })
      child.on('exit', (code, signal) => {
        children.delete(child)
        if (current !== undefined)
          o.onDone(current, {
            error: `the worker mirroring this pair stopped (${signal ?? `exit code ${code}`}) before it finished`
          })
        resolve()
      })
      next()
    })

  try {
    await Promise.all(Array.from({ length: Math.min(o.concurrency, pairs.length) }, runWorker))
    // Every worker stopped early (a cancel, a crash): what none of them took is reported, not lost.
    for (const pair of queue.splice(0))
      o.onDone(pair.index, { error: 'not mirrored: the run stopped before this pair started' })
  } finally {
    process.off('SIGINT', onInt)
    process.off('SIGTERM', onTerm)
  }
}

/** A worker's life: every line the engine writes goes to the CLI, then the pair's report. */
export function serveAsWorker(): void {
  cleanUpOnSignals()
  const send = (m: FromWorker) => process.send!(m)
  let index = -1
  let busy = false
  captureStdoutLines(line => send({ type: 'line', index, line }))
  // The CLI went away mid-pair: stop as a cancelled run does (git stopped, tokens revoked, temp dirs
  // removed). An idle worker just ends.
  process.on('disconnect', () => {
    if (busy) process.kill(process.pid, 'SIGTERM')
  })
  process.on('message', (m: ToWorker) => {
    index = m.index
    busy = true
    void mirror(m.options)
      .then(
        report => ({ type: 'done', index: m.index, report }) as const,
        (err: unknown) => ({ type: 'failed', index: m.index, message: messageOf(err) }) as const
      )
      .then(reply => {
        busy = false
        if (process.connected) send(reply)
      })
  })
}
