import path from 'node:path'
import type { Options, RepoSpec } from '../inputs.js'
import type { Remote } from '../git/remote.js'
import { registerSecret } from '../git/secrets.js'
import type { Side, TokenProvider } from './provider.js'

function toRemote(spec: RepoSpec, token: string | undefined): Remote {
  if (token) registerSecret(token)
  switch (spec.kind) {
    case 'github':
      return {
        url: spec.url,
        display: `${spec.owner}/${spec.name}`,
        githubRepo: `${spec.owner}/${spec.name}`,
        serverUrl: spec.serverUrl,
        local: false,
        token
      }
    case 'url':
      return { url: spec.url, display: spec.url, local: false, token }
    case 'path':
      // git runs inside the temporary work repository: a relative path must not be read from there.
      return { url: path.resolve(spec.path), display: spec.path, local: true }
  }
}

/** Both remotes with their credentials, and the one place that decides who must have a token. */
/** Lets a remote whose token expires fetch the current one from its provider. */
function renewable(remote: Remote, side: Side, auth: TokenProvider): Remote {
  const renew = auth.renew?.bind(auth)
  if (!renew || !remote.token) return remote
  remote.renew = async refused => {
    const token = await renew(side, refused)
    if (token) {
      registerSecret(token)
      remote.token = token
    }
    return remote.token
  }
  return remote
}

export async function resolveRemotes(options: Options, auth: TokenProvider): Promise<Record<Side, Remote>> {
  const source = renewable(
    toRemote(options.source, await auth.tokenFor('source', options.source)),
    'source',
    auth
  )
  const target = renewable(
    toRemote(options.target, await auth.tokenFor('target', options.target)),
    'target',
    auth
  )
  if (!target.local && !target.token && !options.dryRun)
    throw new Error(
      `target-token is empty: give a token that can push to ${target.display} (a PAT with repo access, or a GitHub App)`
    )
  return { source, target }
}
