import path from 'node:path'
import type { Options, RepoSpec } from '../inputs.js'
import type { Remote } from '../git/remote.js'
import { registerSecret } from '../git/secrets.js'
import { makeWorkDir, removeWorkDir } from '../workdir.js'
import type { Side, TokenProvider } from './provider.js'
import { prepareSsh, type SshTransport } from './ssh.js'

function toRemote(
  spec: RepoSpec,
  token: string | undefined,
  username: string,
  ssh: SshTransport | undefined
): Remote {
  if (token) registerSecret(token)
  switch (spec.kind) {
    case 'github':
      return {
        url: spec.url,
        display: `${spec.owner}/${spec.name}`,
        githubRepo: `${spec.owner}/${spec.name}`,
        serverUrl: spec.serverUrl,
        local: false,
        token,
        username,
        ssh
      }
    case 'url':
      return { url: spec.url, display: spec.url, local: false, token, username }
    case 'ssh':
      return { url: spec.url, display: spec.url, local: false, ssh }
    case 'path':
      // git runs inside the temporary work repository: a relative path must not be read from there.
      return { url: path.resolve(spec.path), display: spec.path, local: true }
  }
}

const sshOf = (spec: RepoSpec) => (spec.kind === 'github' || spec.kind === 'ssh' ? spec.ssh : undefined)

/**
 * SSH keys and pinned host keys for the sides that use SSH, in a private work directory that
 * lives until the run ends (removed by main, a signal, or the post step).
 */
function sshTransports(options: Options, env: NodeJS.ProcessEnv): Record<Side, SshTransport | undefined> {
  const sides = (['source', 'target'] as const).flatMap(side => {
    const address = sshOf(options[side])
    const key = side === 'source' ? options.sourceSshKey : options.targetSshKey
    return address ? [{ side, address, key }] : []
  })
  if (sides.length === 0) return { source: undefined, target: undefined }
  const dir = makeWorkDir('repo-mirror-ssh-', env)
  try {
    return prepareSsh(dir, sides, options.sshKnownHosts)
  } catch (err) {
    removeWorkDir(dir)
    throw err
  }
}

/** Both remotes with their credentials, and the one place that decides who must have a token. */
export async function resolveRemotes(
  options: Options,
  auth: TokenProvider,
  env: NodeJS.ProcessEnv = process.env
): Promise<Record<Side, Remote>> {
  const ssh = sshTransports(options, env)
  try {
    const source = toRemote(
      options.source,
      await auth.tokenFor('source', options.source),
      options.sourceUsername,
      ssh.source
    )
    const target = toRemote(
      options.target,
      await auth.tokenFor('target', options.target),
      options.targetUsername,
      ssh.target
    )
    if (!target.local && !target.token && !target.ssh && !options.dryRun)
      throw new Error(
        `target-token is empty: give a token that can push to ${target.display} (a PAT with repo access, or a GitHub App), or use an SSH address with target-ssh-key`
      )
    return { source, target }
  } catch (err) {
    removeSshFiles({ source: { ssh: ssh.source }, target: { ssh: ssh.target } })
    throw err
  }
}

/** Removes the run's SSH keys and known_hosts (idempotent). */
export function removeSshFiles(remotes: Record<Side, { ssh?: SshTransport }> | undefined): void {
  for (const r of Object.values(remotes ?? {})) if (r.ssh) removeWorkDir(r.ssh.dir)
}
