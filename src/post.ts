import * as core from './runner.js'
import { existsSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { revokeAll } from './auth/app.js'
import { loadMinted } from './auth/state.js'
import { normalisePem } from './inputs.js'
import { STATE_KEYS } from './state-keys.js'

/** Only a directory the main step made (repo-mirror-* right under the runner's temp) is ever removed. */
function isOurs(dir: string, env: NodeJS.ProcessEnv): boolean {
  const parent = path.resolve(env.RUNNER_TEMP || os.tmpdir())
  const resolved = path.resolve(dir)
  return path.dirname(resolved) === parent && path.basename(resolved).startsWith('repo-mirror-')
}

/** Post step: whatever the main step could not clean up (it was killed), is removed here. */
export async function post(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  for (const dir of core.getState(STATE_KEYS.workDirs).split('\n').filter(Boolean)) {
    if (!isOurs(dir, env)) {
      core.warning(`not removing ${dir}: it is not a repo-mirror work directory`)
      continue
    }
    if (!existsSync(dir)) continue
    rmSync(dir, { recursive: true, force: true })
    core.info(`Removed ${dir}, left behind by an interrupted run`)
  }
  await revokeLeftTokens()
}

/** Revokes App tokens the main step minted but could not revoke; expired ones are skipped. */
async function revokeLeftTokens(): Promise<void> {
  const key = normalisePem(core.getInput('app-private-key'))
  if (!key || !core.getState(STATE_KEYS.appTokens)) return
  try {
    const tokens = loadMinted(key)
    for (const t of tokens) core.setSecret(t.token)
    const left = await revokeAll(tokens)
    core.info(`post: ${tokens.length - left.length} GitHub App token(s) revoked or already expired`)
  } catch (err) {
    core.warning(
      `post: could not revoke the GitHub App tokens (${(err as Error).message}); they expire within an hour`
    )
  }
}
