import * as core from '@actions/core'
import { createAppAuth } from '@octokit/auth-app'
import type { AppOptions, RepoSpec } from '../inputs.js'
import { registerSecret } from '../git/secrets.js'
import { MirrorOctokit, apiOptions, statusOf, tokenClient, type Api } from '../github/octokit.js'
import type { Side, TokenProvider } from './provider.js'
import type { PatProvider } from './pat.js'
import { saveMinted, type Minted } from './state.js'

export interface AppProviderOptions {
  app: AppOptions
  apiUrl: string
  /** Ask for workflows: write on the target token (sync-workflows). */
  workflows: boolean
  /** Ask for pull_requests: write on the target token (on-conflict: pull-request only). */
  pullRequests?: boolean
  /** Tokens for repositories the App cannot serve (a plain URL): the PAT inputs. */
  fallback: PatProvider
  retries: number
}

type Permissions = Record<string, 'read' | 'write'>

/** Explains an API failure in one line that names the fix; never includes a token. */
function explain(err: unknown, what: string, repo: string): Error {
  const status = statusOf(err)
  const why =
    status === 401
      ? "GitHub refused the App's credentials (401 Bad credentials): check app-id and that app-private-key is a current key of that App"
      : status === 404
        ? `the App is not installed on ${repo}, or cannot see it (404): install it there with Contents access, or set app-installation-id`
        : status === 422
          ? `GitHub would not grant the permissions asked for ${repo} (422): give the App Contents: read & write${what.includes('workflows') ? ' and Workflows: read & write (or set sync-workflows: false)' : ''}${what.includes('pull_requests') ? ' and Pull requests: read & write (for on-conflict: pull-request)' : ''} and accept the new permissions on the installation`
          : status === 403
            ? `GitHub refused (403) ${what} for ${repo}: the installation may be suspended or rate-limited`
            : `${what} for ${repo} failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`
  return new Error(why)
}

/**
 * GitHub App installation tokens, one per side, each narrowed to its one repository and to the
 * permissions that side needs. The installation is found per repository unless given, so one App
 * installed on two organisations serves both. Every token is masked, saved (encrypted) for the post
 * step, and revoked in close().
 */
export class AppProvider implements TokenProvider {
  readonly method = 'github-app'
  private readonly api: Api
  private readonly minted: Minted[] = []

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
      throw explain(err, 'finding the App installation', `${owner}/${repo}`)
    }
  }

  async tokenFor(side: Side, repo: RepoSpec): Promise<string | undefined> {
    if (repo.kind !== 'github') return this.o.fallback.tokenFor(side, repo)
    const permissions: Permissions = side === 'target' ? { contents: 'write' } : { contents: 'read' }
    if (side === 'target' && this.o.workflows) permissions.workflows = 'write'
    if (side === 'target' && this.o.pullRequests) permissions.pull_requests = 'write'
    const full = `${repo.owner}/${repo.name}`
    const installationId = await this.installationFor(repo.owner, repo.name)
    let auth: { token: string; expiresAt: string }
    try {
      auth = (await this.api.auth({
        type: 'installation',
        installationId,
        repositoryNames: [repo.name],
        permissions,
        refresh: true
      })) as {
        token: string
        expiresAt: string
      }
    } catch (err) {
      throw explain(
        err,
        `minting a token with ${Object.entries(permissions)
          .map(([k, v]) => `${k}: ${v}`)
          .join(', ')}`,
        full
      )
    }
    registerSecret(auth.token)
    this.minted.push({ token: auth.token, expiresAt: auth.expiresAt, apiUrl: this.o.apiUrl })
    saveMinted(this.minted, this.o.app.privateKey)
    core.info(
      `${side}: GitHub App token for ${full} (${Object.entries(permissions)
        .map(([k, v]) => `${k}: ${v}`)
        .join(', ')}), expires ${auth.expiresAt}`
    )
    return auth.token
  }

  /** Revokes every minted token; any that cannot be revoked stays saved for the post step. */
  async close(): Promise<void> {
    const left = await revokeAll(this.minted.splice(0))
    saveMinted(left, this.o.app.privateKey)
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
