import type { RepoSpec } from '../inputs.js'
import type { Side, TokenProvider } from './provider.js'

/** Personal access tokens (or GITHUB_TOKEN) given as inputs. */
export class PatProvider implements TokenProvider {
  readonly method = 'token'
  constructor(private readonly tokens: Record<Side, string>) {}

  tokenFor(side: Side, repo: RepoSpec): Promise<string | undefined> {
    if (repo.kind === 'path') return Promise.resolve(undefined)
    return Promise.resolve(this.tokens[side] || undefined)
  }

  async close(): Promise<void> {}
}
