import * as core from './runner.js'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { isStopping, stopAllGit } from './git/git.js'
import { STATE_KEYS } from './state-keys.js'

const live = new Set<string>()
const cancelHooks = new Set<() => Promise<void>>()

/** Work to finish when the job is cancelled (e.g. revoking minted tokens); returns its remover. */
export function onCancel(hook: () => Promise<void>): () => void {
  cancelHooks.add(hook)
  return () => cancelHooks.delete(hook)
}

async function runCancelHooks(): Promise<void> {
  const all = Promise.allSettled([...cancelHooks].map(h => h()))
  // The runner kills the step a few seconds after the signal: never wait longer than that.
  await Promise.race([all, new Promise(r => setTimeout(r, 4000).unref())])
}

function removeAll(): void {
  for (const dir of live)
    try {
      // A worker or a git still stopping may write into it meanwhile: rmSync then retries.
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 })
    } catch (err) {
      core.warning(`could not remove ${dir}: ${(err as Error).message}`)
    }
  live.clear()
}

let handling = false

/**
 * A cancelled job gets SIGINT/SIGTERM: temp repos must not outlive it even then. The git
 * processes go first, so none keeps pushing or writes into a directory being removed.
 */
export function cleanUpOnSignals(): void {
  if (handling) return
  handling = true
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      core.info(`Received ${signal}: stopping git and removing temporary directories`)
      void stopAllGit()
        .then(runCancelHooks)
        .finally(() => {
          // The exit code says "cancelled" whatever the clean-up met.
          try {
            removeAll()
          } finally {
            process.exit(signal === 'SIGINT' ? 130 : 143)
          }
        })
    })
}

/**
 * Ends the process once stdout and stderr have written what they hold: everything else the run
 * started was awaited, and a natural exit would first take the heap apart piece by piece. A cancel
 * under way is left to end the process itself, with its own exit code, once it has cleaned up.
 */
export async function exitWhenFlushed(): Promise<void> {
  await Promise.all([process.stdout, process.stderr].map(s => new Promise(done => s.write('', done))))
  if (!isStopping()) process.exit()
}

/** A fresh directory under the runner's temp dir, removed by `removeWorkDir`, a signal, or the post step. */
export function makeWorkDir(prefix: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = mkdtempSync(path.join(env.RUNNER_TEMP || os.tmpdir(), prefix))
  live.add(dir)
  core.saveState(STATE_KEYS.workDirs, [...live].join('\n'))
  return dir
}

export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  live.delete(dir)
}
