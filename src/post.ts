import * as core from '@actions/core'
import { rmSync } from 'node:fs'
import { revokeAll } from './auth/app.js'
import { loadMinted } from './auth/state.js'
import { normalisePem } from './inputs.js'

/** Post step: whatever the main step could not clean up (it was killed), is removed here. */
export async function post(): Promise<void> {
  for (const dir of core.getState('work-dirs').split('\n').filter(Boolean)) {
    rmSync(dir, { recursive: true, force: true })
  }
  await revokeLeftTokens()
}

/** Revokes App tokens the main step minted but could not revoke; expired ones are skipped. */
async function revokeLeftTokens(): Promise<void> {
  const key = normalisePem(core.getInput('app-private-key'))
  if (!key || !core.getState('app-tokens')) return
  try {
    const tokens = loadMinted(key)
    for (const t of tokens) core.setSecret(t.token)
    const left = await revokeAll(tokens)
    core.info(`post: ${tokens.length - left.length} GitHub App token(s) revoked or already expired`)
  } catch (err) {
    core.warning(`post: could not revoke the GitHub App tokens (${(err as Error).message}); they expire within an hour`)
  }
}
