import path from 'node:path'
import type { Options, RepoSpec } from '../inputs.js'
import type { Remote } from '../git/remote.js'
import { registerSecret } from '../git/secrets.js'
import { makeWorkDir, removeWorkDir } from '../workdir.js'
import type { Side, TokenProvider } from './provider.js'
import { prepareSsh, type SshTransport } from './ssh.js'

/** The credentials the inputs hold, before any repository is matched to them. */
export interface GivenCredentials {
  /** source-token and target-token: each given for that side's repository, and only for it. */
  tokens: Record<Side, string>
  /** github-token: the workflow's own token, valid only on the runner's GitHub server. */
  workflowToken: string
  /** The runner's GitHub server (GITHUB_SERVER_URL). */
  runnerServerUrl: string
}

export interface Credential {
  /** undefined: the repository is accessed anonymously (public, or a local path). */
  token?: string
  /** Which input the token came from and where it may go, for the log; never the token itself. */
  why: string
}

const INPUT: Record<Side, string> = { source: 'source-token', target: 'target-token' }

/** scheme://host[:port] of a repository: the only place its credential is ever sent. */
export function originOf(spec: RepoSpec): string | undefined {
  if (spec.kind === 'path' || spec.kind === 'ssh') return undefined
  // A GitHub repository reached over SSH: git uses the key; a token serves only the server's API.
  if (spec.kind === 'github' && spec.ssh) return new URL(spec.serverUrl).origin
  return new URL(spec.url).origin
}

/**
 * The one place that decides which token a side's repository gets; every provider goes through it.
 * By construction a token reaches one origin only (git then scopes the header to that origin and
 * follows no redirect with it, see src/git/git.ts):
 * - source-token / target-token go to the host of that side's repository, the one they were given for;
 * - the workflow's token (github-token, also when pasted into source-token or target-token, which is
 *   how `${{ github.token }}` is recognised) goes only to the runner's own GitHub server, and is the
 *   source's fallback there;
 * - anything else is read anonymously: a public upstream on GitLab, Codeberg or a self-hosted server
 *   never sees a token it was not given.
 */
export function credentialFor(side: Side, spec: RepoSpec, given: GivenCredentials): Credential {
  const origin = originOf(spec)
  if (!origin)
    return {
      why: spec.kind === 'ssh' ? 'an SSH address: its deploy key, no token' : 'a local path: no credentials'
    }
  const explicit = given.tokens[side]
  if (explicit && explicit !== given.workflowToken)
    return { token: explicit, why: `${INPUT[side]}, sent only to ${origin}` }
  const workflow = explicit || (side === 'source' ? given.workflowToken : '')
  if (!workflow) return { why: `no token given: ${origin} is accessed anonymously` }
  const runner = new URL(given.runnerServerUrl).origin
  if (origin === runner)
    return { token: workflow, why: `the workflow's token (github-token), sent only to ${runner}` }
  return {
    why: `the workflow's token is only ever sent to the runner's own server ${runner}: ${origin} is accessed anonymously (set ${INPUT[side]} for a private repository there)`
  }
}

export function givenCredentials(options: Options): GivenCredentials {
  return {
    tokens: { source: options.sourceToken, target: options.targetToken },
    workflowToken: options.workflowToken,
    runnerServerUrl: options.runnerServerUrl
  }
}

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
    const remoteFor = async (side: Side) =>
      renewable(
        toRemote(
          options[side],
          await auth.tokenFor(side, options[side]),
          side === 'source' ? options.sourceUsername : options.targetUsername,
          ssh[side]
        ),
        side,
        auth
      )
    const source = await remoteFor('source')
    const target = await remoteFor('target')
    const canWrite = (r: Remote) => r.local || Boolean(r.token) || Boolean(r.ssh)
    if (!canWrite(target) && !options.dryRun)
      throw new Error(
        options.targetToken && options.targetToken === options.workflowToken
          ? `target-token is the workflow's token, which is only ever sent to ${new URL(options.runnerServerUrl).origin}: give a token that can push to ${target.display}`
          : `target-token is empty: give a token that can push to ${target.display} (a PAT with repo access, or a GitHub App), or use an SSH address with target-ssh-key`
      )
    // Two-way sync pushes to the source too: it cannot run on anonymous read access.
    if (options.direction === 'both' && !canWrite(source) && !options.dryRun)
      throw new Error(
        `direction: both writes to the source as well, but ${source.display} has no credentials: give source-token a token that can push to it (or a GitHub App, or an SSH address with source-ssh-key)`
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
