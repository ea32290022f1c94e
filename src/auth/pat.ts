import * as core from '../runner.js'
import type { RepoSpec } from '../inputs.js'
import type { Side, TokenProvider } from './provider.js'
import { credentialFor, type GivenCredentials } from './remotes.js'

/** Tokens given as inputs (a PAT, or the workflow's own token), each only for the host it belongs to. */
export class PatProvider implements TokenProvider {
  readonly method = 'token'
  constructor(private readonly given: GivenCredentials) {}

  tokenFor(side: Side, repo: RepoSpec): Promise<string | undefined> {
    const { token, why } = credentialFor(side, repo, this.given)
    core.info(`${side}: ${why}`)
    return Promise.resolve(token)
  }

  async close(): Promise<void> {}
}
