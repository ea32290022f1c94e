import * as core from '../runner.js'
import { createAppAuth } from '@octokit/auth-app'
import type { AppOptions, RepoSpec } from '../inputs.js'
import { registerSecret } from '../git/secrets.js'
import { MirrorOctokit, apiOptions, statusOf, tokenClient, type Api } from '../github/octokit.js'
import type { Side, TokenProvider } from './provider.js'
import type { PatProvider } from './pat.js'
import { explainAppFailure } from './app-errors.js'
import { saveMinted, type Minted } from './state.js'
import { untilUsable } from './ready.js'

export interface AppProviderOptions {
  app: AppOptions
  apiUrl: string
  /** Ask for workflows: write on the target token (sync-workflows). */
  workflows: boolean
  /** Ask for pull_requests: write on the target token (on-conflict: pull-request only). */
  pullRequests?: boolean
  /** Two-way sync writes the source as well: its token gets the target's permissions. */
  writesSource?: boolean
  /** Tokens for repositories the App cannot serve (a plain URL): the PAT inputs. */
  fallback: PatProvider
  retries: number
}

type Permissions = Record<string, 'read' | 'write'>
type GitHubRepo = Extract<RepoSpec, { kind: 'github' }>

/** What one side holds: its repository, what its token may do, and the token in use. */
interface Held {
  repo: GitHubRepo
  installationId: number
  permissions: Permissions
  current: Minted
  mintedAt: number
  /** A re-mint under way, so concurrent callers share it instead of minting twice. */
  pending?: Promise<string>
}

const describePermissions = (p: Permissions) =>
  Object.entries(p)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ')

/**
 * A token is re-minted once less than this share of its lifetime is left: ten minutes of GitHub's
 * hour, so a git command never starts on a token about to die (GitHub checks a token when a request
 * starts, so a long transfer that started in time is not cut).
 */
const RENEW_SHARE = 1 / 6

/**
 * GitHub App installation tokens, one per side, each narrowed to its one repository and to the
 * permissions that side needs. The installation is found per repository unless given, so one App
 * installed on two organisations serves both. Every token is masked, saved (encrypted) for the post
 * step, handed out only once GitHub accepts it, re-minted before it expires or when git is refused
 * with it, and revoked in close().
 */
export class AppProvider implements TokenProvider {
  readonly method = 'github-app'
  private readonly api: Api
  /** Every token minted and not yet revoked (the post step revokes what close() could not). */
  private readonly minted: Minted[] = []
  private closed = false
  private readonly held = new Map<Side, Held>()

  constructor(private readonly o: AppProviderOptions) {
    this.api = new MirrorOctokit({
      ...apiOptions(o.apiUrl, o.retries),
      authStrategy: createAppAuth,
      auth: { appId: o.app.appId, privateKey: o.app.privateKey }
    })
  }

  private async installationFor(owner: string, repo: string): Promise<number> {
    if (this.o.app.installationId) return this.o.app.installationId
    try {
      const { data } = await this.api.rest.apps.getRepoInstallation({ owner, repo })
      core.info(
        `GitHub App installation ${data.id} (${data.account && 'login' in data.account ? data.account.login : owner}) serves ${owner}/${repo}`
      )
      return data.id
    } catch (err) {
      throw explainAppFailure(err, {
        what: 'finding the App installation',
        repo: `${owner}/${repo}`,
        ...this.o.app
      })
    }
  }

  /** Mints a token for one side, waits until GitHub accepts it, and records it for revoking. */
  private async mint(side: Side, repo: GitHubRepo, installationId: number, permissions: Permissions) {
    const full = `${repo.owner}/${repo.name}`
    let auth: { token: string; expiresAt: string }
    try {
      auth = (await this.api.auth({
        type: 'installation',
        installationId,
        repositoryNames: [repo.name],
        permissions,
        refresh: true
      })) as { token: string; expiresAt: string }
    } catch (err) {
      throw explainAppFailure(err, {
        what: `minting a token with ${describePermissions(permissions)}`,
        repo: full,
        ...this.o.app
      })
    }
    const mintedAt = Date.now()
    registerSecret(auth.token)
    const minted: Minted = { token: auth.token, expiresAt: auth.expiresAt, apiUrl: this.o.apiUrl }
    this.minted.push(minted)
    saveMinted(this.minted, this.o.app.privateKey)
    // GitHub may refuse a token it has just minted for a moment (not replicated yet): git treats
    // that as final, so nothing gets the token before GitHub accepts it.
    await untilUsable({ apiUrl: this.o.apiUrl, token: auth.token, owner: repo.owner, repo: repo.name, side })
    core.info(
      `${side}: GitHub App token for ${full} (${describePermissions(permissions)}), expires ${auth.expiresAt}`
    )
    return { current: minted, mintedAt }
  }

  async tokenFor(side: Side, repo: RepoSpec): Promise<string | undefined> {
    if (repo.kind !== 'github') return this.o.fallback.tokenFor(side, repo)
    const writes = side === 'target' || Boolean(this.o.writesSource)
    const permissions: Permissions = writes ? { contents: 'write' } : { contents: 'read' }
    if (writes && this.o.workflows) permissions.workflows = 'write'
    if (side === 'target' && this.o.pullRequests) permissions.pull_requests = 'write'
    const installationId = await this.installationFor(repo.owner, repo.name)
    const { current, mintedAt } = await this.mint(side, repo, installationId, permissions)
    this.held.set(side, { repo, installationId, permissions, current, mintedAt })
    return current.token
  }

  /**
   * The token to use now for a side: the current one, or a new one when the current one expires
   * within the margin or was just refused (`refused`). The replaced token is revoked.
   */
  async renew(side: Side, refused?: string): Promise<string | undefined> {
    const h = this.held.get(side)
    if (!h) return undefined
    if (h.pending) return h.pending
    // Once closing has revoked the tokens, a refusal is expected: minting again would leave a token behind.
    if (this.closed) return h.current.token
    const expires = Date.parse(h.current.expiresAt)
    const soon = expires - Date.now() < (expires - h.mintedAt) * RENEW_SHARE
    if (!soon && refused !== h.current.token) return h.current.token
    const why =
      refused === h.current.token ? 'git was refused with it' : `it expires at ${h.current.expiresAt}`
    h.pending = (async () => {
      core.info(`${side}: minting a new GitHub App token for ${h.repo.owner}/${h.repo.name} (${why})`)
      const old = h.current
      const next = await this.mint(side, h.repo, h.installationId, h.permissions)
      h.current = next.current
      h.mintedAt = next.mintedAt
      await this.revoke([old])
      return h.current.token
    })().finally(() => (h.pending = undefined))
    return h.pending
  }

  private async revoke(tokens: Minted[]): Promise<void> {
    const left = await revokeAll(tokens)
    for (const t of tokens) if (!left.includes(t)) this.minted.splice(this.minted.indexOf(t), 1)
    saveMinted(this.minted, this.o.app.privateKey)
  }

  /** Revokes every minted token; any that cannot be revoked stays saved for the post step. */
  async close(): Promise<void> {
    this.closed = true
    await this.revoke([...this.minted])
  }
}

/** Revokes tokens (DELETE /installation/token, authenticated with the token itself); returns those that failed. */
export async function revokeAll(tokens: Minted[], now = new Date()): Promise<Minted[]> {
  const left: Minted[] = []
  for (const t of tokens) {
    if (Date.parse(t.expiresAt) <= now.getTime()) continue
    try {
      await tokenClient(t.apiUrl, t.token, 1).rest.apps.revokeInstallationAccessToken()
      core.info('Revoked a GitHub App installation token')
    } catch (err) {
      // 401: already revoked or expired — nothing left to do.
      if (statusOf(err) === 401) continue
      core.warning(
        `Could not revoke a GitHub App token (${statusOf(err) ?? 'network error'}); it expires by itself at ${t.expiresAt}`
      )
      left.push(t)
    }
  }
  return left
}
