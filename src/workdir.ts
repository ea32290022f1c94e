import * as core from '@actions/core'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { stopAllGit } from './git/git.js'

const live = new Set<string>()

function removeAll(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true })
  live.clear()
}

// A cancelled job gets SIGINT/SIGTERM: temp repos must not outlive it even then. The git
// processes go first, so none keeps pushing or writes into a directory being removed.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    core.info(`Received ${signal}: stopping git and removing temporary directories`)
    void stopAllGit().finally(() => {
      removeAll()
      process.exit(signal === 'SIGINT' ? 130 : 143)
    })
  })
}

/** A fresh directory under the runner's temp dir, removed by `removeWorkDir`, a signal, or the post step. */
export function makeWorkDir(prefix: string, env: NodeJS.ProcessEnv = process.env): string {
  const dir = mkdtempSync(path.join(env.RUNNER_TEMP || os.tmpdir(), prefix))
  live.add(dir)
  core.saveState('work-dirs', [...live].join('\n'))
  return dir
}

export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true })
  live.delete(dir)
}
