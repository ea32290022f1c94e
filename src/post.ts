import * as core from '@actions/core'
import { rmSync } from 'node:fs'

/** Post step: whatever the main step could not clean up (it was killed), is removed here. */
export async function post(): Promise<void> {
  for (const dir of core.getState('work-dirs').split('\n').filter(Boolean)) {
    rmSync(dir, { recursive: true, force: true })
  }
}
