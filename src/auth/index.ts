import * as core from '@actions/core'
import { registerSecret } from '../git/secrets.js'
import type { Options } from '../inputs.js'
import { AppProvider } from './app.js'
import { PatProvider } from './pat.js'
import type { TokenProvider } from './provider.js'

/** Chooses how this run authenticates: a configured GitHub App wins over tokens. */
export function createAuth(options: Options): TokenProvider {
  const pat = new PatProvider({ source: options.sourceToken, target: options.targetToken })
  if (!options.app) return pat
  // The runner masks line by line: register each line of the key's body, not only the whole text.
  for (const line of options.app.privateKey.split('\n'))
    if (!line.startsWith('-----') && line.length >= 16) registerSecret(line)
  if (options.targetToken || options.sourceToken)
    core.info(
      "GitHub App configured: it takes precedence over source-token/target-token for 'owner/name' repositories"
    )
  return new AppProvider({
    app: options.app,
    apiUrl: options.apiUrl,
    workflows: options.syncWorkflows,
    pullRequests: options.onConflict === 'pull-request' && options.mode === 'mirror',
    fallback: pat,
    retries: options.retries
  })
}
