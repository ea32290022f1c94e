import * as core from '../runner.js'
import { registerSecret } from '../git/secrets.js'
import type { Options } from '../inputs.js'
import { PatProvider } from './pat.js'
import type { TokenProvider } from './provider.js'
import { givenCredentials } from './remotes.js'

/** Chooses how this run authenticates: a configured GitHub App wins over tokens. */
export async function createAuth(options: Options): Promise<TokenProvider> {
  // Masked and scrubbed whether or not a repository gets them: they are in this process either way.
  for (const t of [options.workflowToken, options.sourceToken, options.targetToken]) registerSecret(t)
  const pat = new PatProvider(givenCredentials(options))
  if (!options.app) return pat
  // The runner masks line by line: register each line of the key's body, not only the whole text.
  for (const line of options.app.privateKey.split('\n'))
    if (!line.startsWith('-----') && line.length >= 16) registerSecret(line)
  if (options.targetToken || options.sourceToken)
    core.info(
      "GitHub App configured: it takes precedence over source-token/target-token for 'owner/name' repositories"
    )
  // Loaded only for an App: its JWT signing and API client are most of what a token run never uses.
  const { AppProvider } = await import('./app.js')
  return new AppProvider({
    app: options.app,
    apiUrl: options.apiUrl,
    workflows: options.syncWorkflows,
    pullRequests: options.onConflict === 'pull-request' && options.mode === 'mirror',
    writesSource: options.direction === 'both',
    fallback: pat,
    retries: options.retries
  })
}
