import { execFileSync } from 'node:child_process'
import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto'
import { chmodSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import type { RequestInfo } from './git-http-server.js'
import { fleetRoute, type FleetApiOptions } from './github-api-fleet.js'
import {
  newInstallationToken,
  tokenRefusal,
  tokenTimes,
  type TokenBehaviour,
  type TokenLife
} from './github-token-behaviour.js'

/** A GitHub App for tests: its ids and a fresh RSA key pair (PKCS#1 PEM, as GitHub hands it out). */
export interface TestApp {
  appId: string
  /** The App's client ID, which GitHub also accepts as the JWT issuer (GHES from 3.14 on). */
  clientId: string
  privateKey: string
  publicKey: KeyObject
}

export function makeTestApp(appId = '424242'): TestApp {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    appId,
    clientId: `Iv23li${randomBytes(7).toString('hex')}`,
    privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicKey
  }
}

type Level = 'read' | 'write'
export type Permissions = Record<string, Level>

export interface InstallationDef {
  id: number
  /** The user or organisation it is installed on. */
  account: string
  /** What the owner granted the App on this installation. */
  permissions: Permissions
}

export interface RepoDef {
  owner: string
  name: string
  /** Path of the bare repository under the git server's root, e.g. 'octo/src.git'. */
  gitPath: string
  /** What the API says; may differ from the bare repo's HEAD, to prove which one was read. */
  defaultBranch: string
  installationId?: number
  protectedBranches?: string[]
  archived?: boolean
  fork?: boolean
}

/**
 * The two repositories most scenarios use: octo-src/src (installation 11) mirrored to octo-dst/dst
 * (installation 22), both with default branch main, served from octo-src/src.git and octo-dst/dst.git.
 */
export function octoRepos(o: { protectedBranches?: string[] } = {}): RepoDef[] {
  return [
    {
      owner: 'octo-src',
      name: 'src',
      gitPath: 'octo-src/src.git',
      defaultBranch: 'main',
      installationId: 11
    },
    {
      owner: 'octo-dst',
      name: 'dst',
      gitPath: 'octo-dst/dst.git',
      defaultBranch: 'main',
      installationId: 22,
      protectedBranches: o.protectedBranches
    }
  ]
}

export interface IssuedToken {
  token: string
  installationId: number
  repositories: string[]
  permissions: Permissions
  expiresAt: string
  revoked: boolean
  /** When it really dies and how many refusals it still gives (see TokenBehaviour). */
  life: TokenLife
}

export interface ApiRequest {
  method: string
  path: string
  auth: 'jwt' | 'token' | 'none'
  status: number
  /** When the request arrived (ms since the epoch), to prove waits. */
  at: number
}

/** A pull request as the double keeps it. */
export interface PullDef {
  number: number
  repo: string
  head: string
  base: string
  title: string
  body: string
  state: 'open' | 'closed'
  comments: string[]
}

export interface GitHubApiServer {
  url: string
  requests: ApiRequest[]
  issued: IssuedToken[]
  /** Pull requests opened through the API, in order. */
  pulls: PullDef[]
  /** Tokens git was refused with (dead or not replicated yet), in order. */
  gitRefusals: { token: string; status: number }[]
  /** Ends the life of every token minted so far, now (as an hour passing would). */
  expireTokens: () => void
  /** For the git server's `access` option: what a token may do there, as GitHub decides it. */
  access: (
    token: string,
    req: RequestInfo
  ) => { deny?: { status: number; body: string }; env?: Record<string, string> } | undefined
  close: () => Promise<void>
}

export interface GitHubApiServerOptions {
  app: TestApp
  installations: InstallationDef[]
  repos: RepoDef[]
  /** The git server's root (to list branches) and live token table (tokens we mint work there). */
  gitRoot: string
  gitTokens: Map<string, string[] | '*'>
  /** Personal access tokens: token → 'owner/name' repositories it can use, and its scopes. */
  pats?: Map<string, { repos: string[]; scopes: string[] }>
  /** Web URL of the git server, for pull requests' html_url (default: the API's own URL). */
  gitServerUrl?: string
  /** Answer matching requests with GitHub's rate-limit responses, `times` times. */
  rateLimits?: RateLimitDef[]
  /** Accounts, repository listings and creation (github-api-fleet.ts). */
  fleet?: FleetApiOptions
  /** How minted installation tokens behave: replication lag, lifetime, format. */
  tokens?: TokenBehaviour
  /** Serve as GitHub Enterprise Server of this version: under /api/v3, with x-github-enterprise-version. */
  ghesVersion?: string
}

export interface RateLimitDef {
  method: string
  path: string
  kind: 'primary' | 'secondary'
  times: number
  /** GitHub sends 403 or 429 for either kind. Default 403. */
  status?: 403 | 429
  /** Seconds in `retry-after` (secondary: default 1; primary: none unless given). */
  retryAfter?: number
  /** Primary: seconds until `x-ratelimit-reset`. Default 1. */
  resetIn?: number
}

/** Client IDs are accepted as the JWT issuer from GHES 3.14 on (and always on github.com). */
function acceptsClientId(ghesVersion: string | undefined): boolean {
  if (!ghesVersion) return true
  const [major = 0, minor = 0] = ghesVersion.split('.').map(Number)
  return major > 3 || (major === 3 && minor >= 14)
}

/** GitHub's rate-limit response for one limited request. */
function rateLimitResponse(l: RateLimitDef): {
  status: number
  json: unknown
  headers: Record<string, string>
} {
  const docs = 'https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api'
  const status = l.status ?? 403
  const retryAfter = l.retryAfter ?? (l.kind === 'secondary' ? 1 : undefined)
  const headers: Record<string, string> =
    retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }
  if (l.kind === 'primary')
    return {
      status,
      headers: {
        ...headers,
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + (l.resetIn ?? 1))
      },
      json: {
        message: 'API rate limit exceeded for installation ID 11.',
        documentation_url: docs,
        status: String(status)
      }
    }
  return {
    status,
    headers,
    json: {
      message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
      documentation_url: docs,
      status: String(status)
    }
  }
}

const DOCS = 'https://docs.github.com/rest'
const LEVEL: Record<Level, number> = { read: 1, write: 2 }

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly docs = DOCS
  ) {
    super(message)
  }
}

const b64url = (s: string) => Buffer.from(s, 'base64url')

/** Verifies an App JWT as GitHub does: RS256 signature by the App's key, iss, iat and exp. */
function verifyJwt(jwt: string, app: TestApp, ghesVersion?: string): void {
  const parts = jwt.split('.')
  if (parts.length !== 3) throw new HttpError(401, 'A JSON web token could not be decoded')
  const [h, p, sig] = parts as [string, string, string]
  let header: { alg?: string }
  let claims: { iss?: unknown; iat?: unknown; exp?: unknown }
  try {
    header = JSON.parse(b64url(h).toString('utf8'))
    claims = JSON.parse(b64url(p).toString('utf8'))
  } catch {
    throw new HttpError(401, 'A JSON web token could not be decoded')
  }
  if (header.alg !== 'RS256' || !verify('RSA-SHA256', Buffer.from(`${h}.${p}`), app.publicKey, b64url(sig)))
    throw new HttpError(401, 'A JSON web token could not be decoded')
  const now = Math.floor(Date.now() / 1000)
  const iss = String(claims.iss)
  if (iss !== app.appId && (iss !== app.clientId || !acceptsClientId(ghesVersion)))
    throw new HttpError(401, `'Issuer' claim ('iss') must be an Integer`)
  if (typeof claims.iat !== 'number' || claims.iat > now + 60)
    throw new HttpError(
      401,
      "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
    )
  if (typeof claims.exp !== 'number' || claims.exp <= now || claims.exp - claims.iat > 600)
    throw new HttpError(401, "'Expiration time' claim ('exp') is too far in the future")
}

/**
 * A local stand-in for the GitHub REST endpoints the action uses, with GitHub's documented
 * response shapes and error bodies. Installation tokens it mints are added to the git server's
 * token table (scoped to the named repositories) and removed again when revoked.
 */
export async function startGitHubApiServer(o: GitHubApiServerOptions): Promise<GitHubApiServer> {
  const requests: ApiRequest[] = []
  const issued: IssuedToken[] = []
  const pulls: PullDef[] = []
  const gitRefusals: { token: string; status: number }[] = []
  const repoOf = (owner: string, name: string) =>
    o.repos.find(
      r => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === name.toLowerCase()
    )
  const full = (r: RepoDef) => `${r.owner}/${r.name}`

  function caller(header: string | undefined): { kind: 'jwt' | 'token' | 'none'; value?: string } {
    const m = /^(bearer|token) (\S+)$/i.exec(header ?? '')
    if (!m) return { kind: 'none' }
    // Newer installation tokens contain dots too: GitHub's prefix tells them from a JWT.
    return /^gh[a-z]_/.test(m[2]!) || m[2]!.split('.').length !== 3
      ? { kind: 'token', value: m[2] }
      : { kind: 'jwt', value: m[2] }
  }

  /** Repositories a token may read through the API, or a 401 for an unknown/revoked one. */
  function tokenRepos(token: string): string[] {
    const t = issued.find(x => x.token === token && !x.revoked)
    if (t) {
      const refused = tokenRefusal(t.life, o.tokens, 'api')
      if (refused) throw new HttpError(refused.status, refused.message)
      return t.repositories
    }
    const pat = o.pats?.get(token)
    if (pat) return pat.repos
    throw new HttpError(401, 'Bad credentials')
  }

  function visibleRepo(owner: string, name: string, token: string | undefined): RepoDef {
    if (!token) throw new HttpError(404, 'Not Found')
    const repo = repoOf(owner, name)
    const repos = tokenRepos(token).map(r => r.toLowerCase())
    if (!repo || !repos.includes(full(repo).toLowerCase()))
      throw new HttpError(404, 'Not Found', `${DOCS}/repos/repos#get-a-repository`)
    return repo
  }

  function branchesOf(repo: RepoDef): { name: string; sha: string }[] {
    const out = execFileSync(
      'git',
      ['for-each-ref', '--format=%(refname:short) %(objectname)', 'refs/heads/'],
      {
        env: { PATH: process.env.PATH, GIT_DIR: path.join(o.gitRoot, repo.gitPath) },
        encoding: 'utf8'
      }
    )
    return out
      .split('\n')
      .filter(Boolean)
      .map(l => {
        const [name, sha] = l.split(' ')
        return { name: name!, sha: sha! }
      })
  }

  const base = () => url
  const branchJson = (repo: RepoDef, b: { name: string; sha: string }) => ({
    name: b.name,
    commit: { sha: b.sha, url: `${base()}/repos/${full(repo)}/commits/${b.sha}` },
    protected: repo.protectedBranches?.includes(b.name) ?? false
  })

  async function handle(
    req: http.IncomingMessage,
    body: string
  ): Promise<{ status: number; json?: unknown; headers?: Record<string, string> }> {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (o.ghesVersion) {
      if (!u.pathname.startsWith('/api/v3/')) throw new HttpError(404, 'Not Found')
      u.pathname = u.pathname.slice('/api/v3'.length)
    }
    const who = caller(req.headers.authorization)
    const method = req.method ?? 'GET'
    const limit = o.rateLimits?.find(l => l.method === method && l.path === u.pathname && l.times > 0)
    if (limit) {
      limit.times--
      return rateLimitResponse(limit)
    }
    const route = (pattern: RegExp, m: string) => (method === m ? pattern.exec(u.pathname) : null)
    const jwtOnly = () => {
      if (who.kind !== 'jwt') throw new HttpError(401, 'A JSON web token could not be decoded')
      verifyJwt(who.value!, o.app, o.ghesVersion)
    }
    let m: RegExpExecArray | null

    const fleet =
      o.fleet &&
      fleetRoute(o.fleet, {
        method,
        url: u,
        token: who.kind === 'token' ? who.value : undefined,
        body,
        base: base(),
        repos: o.repos,
        gitRoot: o.gitRoot,
        visible: tokenRepos,
        grant: (token, repo) => {
          o.pats?.get(token)?.repos.push(full(repo))
          const git = o.gitTokens.get(token)
          if (Array.isArray(git)) git.push(repo.gitPath)
        },
        error: (status, message, docs) => new HttpError(status, message, docs)
      })
    if (fleet) return fleet

    if ((m = route(/^\/repos\/([^/]+)\/([^/]+)\/installation$/, 'GET'))) {
      jwtOnly()
      const repo = repoOf(m[1]!, m[2]!)
      const inst = repo?.installationId && o.installations.find(i => i.id === repo.installationId)
      if (!repo || !inst)
        throw new HttpError(
          404,
          'Not Found',
          `${DOCS}/apps/apps#get-a-repository-installation-for-the-authenticated-app`
        )
      return {
        status: 200,
        json: {
          id: inst.id,
          account: { login: inst.account, type: 'Organization' },
          app_id: Number(o.app.appId),
          target_type: 'Organization',
          permissions: inst.permissions,
          repository_selection: 'selected',
          access_tokens_url: `${base()}/app/installations/${inst.id}/access_tokens`
        }
      }
    }

    if ((m = route(/^\/app\/installations\/(\d+)\/access_tokens$/, 'POST'))) {
      jwtOnly()
      const inst = o.installations.find(i => i.id === Number(m![1]))
      if (!inst)
        throw new HttpError(
          404,
          'Not Found',
          `${DOCS}/apps/apps#create-an-installation-access-token-for-an-app`
        )
      const ask = (body ? JSON.parse(body) : {}) as { repositories?: string[]; permissions?: Permissions }
      const mine = o.repos.filter(r => r.installationId === inst.id)
      const repos = ask.repositories
        ? ask.repositories.map(n => mine.find(r => r.name.toLowerCase() === n.toLowerCase()))
        : mine
      if (repos.some(r => !r))
        throw new HttpError(
          422,
          'There is at least one repository that does not exist or is not accessible to the parent installation.'
        )
      const permissions = ask.permissions ?? inst.permissions
      for (const [k, v] of Object.entries(permissions))
        if (!inst.permissions[k] || LEVEL[inst.permissions[k]] < LEVEL[v])
          throw new HttpError(422, 'The permissions requested are not granted to this installation.')
      const token = newInstallationToken(o.tokens)
      const { expiresAt, life } = tokenTimes(o.tokens)
      const list = repos as RepoDef[]
      issued.push({
        token,
        installationId: inst.id,
        repositories: list.map(full),
        permissions,
        expiresAt,
        revoked: false,
        life
      })
      o.gitTokens.set(
        token,
        list.map(r => r.gitPath)
      )
      return {
        status: 201,
        json: {
          token,
          expires_at: expiresAt,
          permissions: { metadata: 'read', ...permissions },
          repository_selection: 'selected',
          repositories: list.map((r, i) => ({
            id: 1000 + i,
            name: r.name,
            full_name: full(r),
            private: true,
            owner: { login: r.owner }
          }))
        }
      }
    }

    if (route(/^\/installation\/token$/, 'DELETE')) {
      const t = who.kind === 'token' ? issued.find(x => x.token === who.value && !x.revoked) : undefined
      if (!t || Date.now() >= t.life.diesAt) throw new HttpError(401, 'Bad credentials')
      t.revoked = true
      o.gitTokens.delete(t.token)
      return { status: 204 }
    }

    if ((m = route(/^\/repos\/([^/]+)\/([^/]+)$/, 'GET'))) {
      const repo = visibleRepo(m[1]!, m[2]!, who.value)
      return {
        status: 200,
        json: {
          id: 1,
          name: repo.name,
          full_name: full(repo),
          owner: { login: repo.owner },
          private: true,
          default_branch: repo.defaultBranch
        }
      }
    }

    if ((m = route(/^\/repos\/([^/]+)\/([^/]+)\/branches$/, 'GET'))) {
      const repo = visibleRepo(m[1]!, m[2]!, who.value)
      let list = branchesOf(repo).map(b => branchJson(repo, b))
      if (u.searchParams.get('protected') === 'true') list = list.filter(b => b.protected)
      const perPage = Math.min(100, Number(u.searchParams.get('per_page') ?? 30))
      const page = Number(u.searchParams.get('page') ?? 1)
      const headers: Record<string, string> = {}
      if (page * perPage < list.length) {
        const next = new URL(u.toString().replace('http://127.0.0.1', base()))
        next.searchParams.set('page', String(page + 1))
        headers.link = `<${next}>; rel="next"`
      }
      return { status: 200, json: list.slice((page - 1) * perPage, page * perPage), headers }
    }

    if ((m = route(/^\/repos\/([^/]+)\/([^/]+)\/branches\/(.+)$/, 'GET'))) {
      const repo = visibleRepo(m[1]!, m[2]!, who.value)
      const b = branchesOf(repo).find(x => x.name === decodeURIComponent(m![3]!))
      if (!b) throw new HttpError(404, 'Branch not found', `${DOCS}/branches/branches#get-a-branch`)
      const j = branchJson(repo, b)
      return {
        status: 200,
        json: {
          ...j,
          protection: { enabled: j.protected },
          protection_url: `${base()}/repos/${full(repo)}/branches/${b.name}/protection`
        }
      }
    }

    const pullJson = (repo: RepoDef, p: PullDef) => ({
      number: p.number,
      state: p.state,
      title: p.title,
      body: p.body,
      html_url: `${o.gitServerUrl ?? base()}/${full(repo)}/pull/${p.number}`,
      head: { ref: p.head, label: `${repo.owner}:${p.head}`, repo: { full_name: full(repo) } },
      base: { ref: p.base, label: `${repo.owner}:${p.base}`, repo: { full_name: full(repo) } }
    })
    /** GitHub: an App token needs pull_requests: write to write them; a PAT needs the repo scope. */
    const mayWritePulls = () => {
      const t = issued.find(x => x.token === who.value && !x.revoked)
      if (t && t.permissions.pull_requests !== 'write')
        throw new HttpError(403, 'Resource not accessible by integration', `${DOCS}/pulls/pulls`)
    }

    if ((m = route(/^\/repos\/([^/]+)\/([^/]+)\/pulls$/, 'GET'))) {
      const repo = visibleRepo(m[1]!, m[2]!, who.value)
      const state = u.searchParams.get('state') ?? 'open'
      const head = u.searchParams.get('head')
      const baseRef = u.searchParams.get('base')
      const list = pulls.filter(
        p =>
          p.repo === full(repo) &&
          (state === 'all' || p.state === state) &&
          (!head || `${repo.owner}:${p.head}`.toLowerCase() === head.toLowerCase()) &&
          (!baseRef || p.base === baseRef)
      )
      return { status: 200, json: list.map(p => pullJson(repo, p)) }
    }

    if ((m = route(/^\/repos\/([^/]+)\/([^/]+)\/pulls$/, 'POST'))) {
      const repo = visibleRepo(m[1]!, m[2]!, who.value)
      mayWritePulls()
      const ask = JSON.parse(body || '{}') as { title?: string; head?: string; base?: string; body?: string }
      const names = branchesOf(repo).map(b => b.name)
      if (!ask.head || !names.includes(ask.head) || !ask.base || !names.includes(ask.base))
        throw new HttpError(422, 'Validation Failed', `${DOCS}/pulls/pulls#create-a-pull-request`)
      if (
        pulls.some(
          p => p.repo === full(repo) && p.state === 'open' && p.head === ask.head && p.base === ask.base
        )
      )
        throw new HttpError(422, `A pull request already exists for ${repo.owner}:${ask.head}.`)
      const p: PullDef = {
        number: pulls.length + 1,
        repo: full(repo),
        head: ask.head,
        base: ask.base,
        title: ask.title ?? '',
        body: ask.body ?? '',
        state: 'open',
        comments: []
      }
      pulls.push(p)
      return { status: 201, json: pullJson(repo, p) }
    }

    if ((m = route(/^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/, 'PATCH'))) {
      const repo = visibleRepo(m[1]!, m[2]!, who.value)
      mayWritePulls()
      const p = pulls.find(x => x.repo === full(repo) && x.number === Number(m![3]))
      if (!p) throw new HttpError(404, 'Not Found')
      const ask = JSON.parse(body || '{}') as { title?: string; body?: string; state?: 'open' | 'closed' }
      Object.assign(p, {
        title: ask.title ?? p.title,
        body: ask.body ?? p.body,
        state: ask.state ?? p.state
      })
      return { status: 200, json: pullJson(repo, p) }
    }

    if ((m = route(/^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/, 'POST'))) {
      const repo = visibleRepo(m[1]!, m[2]!, who.value)
      mayWritePulls()
      const p = pulls.find(x => x.repo === full(repo) && x.number === Number(m![3]))
      if (!p) throw new HttpError(404, 'Not Found')
      p.comments.push((JSON.parse(body || '{}') as { body?: string }).body ?? '')
      return { status: 201, json: { id: p.comments.length, body: p.comments.at(-1) } }
    }

    throw new HttpError(404, 'Not Found')
  }

  const server = http.createServer((req, res) => {
    let body = ''
    req.on('data', d => (body += d))
    req.on('end', async () => {
      const auth = caller(req.headers.authorization).kind
      const at = Date.now()
      const common: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' }
      if (o.ghesVersion) common['x-github-enterprise-version'] = o.ghesVersion
      let status: number
      try {
        const r = await handle(req, body)
        status = r.status
        res.writeHead(r.status, { ...common, ...r.headers })
        res.end(r.json === undefined ? undefined : JSON.stringify(r.json))
      } catch (err) {
        const e = err instanceof HttpError ? err : new HttpError(500, String(err))
        status = e.status
        res.writeHead(e.status, common)
        res.end(JSON.stringify({ message: e.message, documentation_url: e.docs, status: String(e.status) }))
      }
      requests.push({ method: req.method ?? 'GET', path: (req.url ?? '').split('?')[0]!, auth, status, at })
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${o.ghesVersion ? '/api/v3' : ''}`

  return {
    url,
    requests,
    issued,
    pulls,
    gitRefusals,
    expireTokens: () => {
      for (const t of issued) t.life.diesAt = Math.min(t.life.diesAt, Date.now())
    },
    access(token, req) {
      const repo = o.repos.find(r => r.gitPath === req.repo)
      const env: Record<string, string> = { MIRROR_TEST_PROTECTED: repo?.protectedBranches?.join(' ') ?? '' }
      const t = issued.find(x => x.token === token)
      if (t) {
        const refused = tokenRefusal(t.life, o.tokens, 'git')
        if (refused) {
          gitRefusals.push({ token, status: refused.status })
          return { deny: { status: refused.status, body: refused.message } }
        }
        if (req.service === 'receive-pack' && t.permissions.contents !== 'write')
          return { deny: { status: 403, body: 'Write access to repository not granted.' } }
        return {
          env: {
            ...env,
            MIRROR_TEST_TOKEN_KIND: 'app',
            MIRROR_TEST_WORKFLOWS: t.permissions.workflows ?? 'none'
          }
        }
      }
      const pat = o.pats?.get(token)
      return {
        env: {
          ...env,
          MIRROR_TEST_TOKEN_KIND: 'pat',
          MIRROR_TEST_WORKFLOWS: pat?.scopes.includes('workflow') ? 'write' : 'none'
        }
      }
    },
    close: () => new Promise<void>(resolve => server.close(() => resolve()))
  }
}

/**
 * An `update` hook (one call per ref, so one refusal leaves the other refs alone) that refuses
 * what GitHub refuses, with GitHub's words: updates of protected branches (GH006) and workflow-file
 * changes by a token without the workflow scope / permission. What the pushing token may do
 * arrives in the environment the git server sets for it (see `access`).
 */
export function installGitHubHooks(bareDir: string): void {
  const hook = path.join(bareDir, 'hooks', 'update')
  writeFileSync(
    hook,
    `#!/bin/sh
ref=$1 old=$2 new=$3
zero=0000000000000000000000000000000000000000
for p in $MIRROR_TEST_PROTECTED; do
  if [ "$ref" = "refs/heads/$p" ]; then
    echo "error: GH006: Protected branch update failed for $ref." >&2
    echo "error: Changes must be made through a pull request." >&2
    exit 1
  fi
done
[ "$new" = "$zero" ] && exit 0
wf=$(git log --format= --name-only "$new" --not --all -- .github/workflows | grep . | head -n 1)
if [ -n "$wf" ] && [ "$MIRROR_TEST_WORKFLOWS" != write ]; then
  if [ "$MIRROR_TEST_TOKEN_KIND" = app ]; then
    echo "refusing to allow a GitHub App to create or update workflow \\\`$wf\\\` without \\\`workflows\\\` permission" >&2
  else
    echo "refusing to allow a Personal Access Token to create or update workflow \\\`$wf\\\` without \\\`workflow\\\` scope" >&2
  fi
  exit 1
fi
exit 0
`
  )
  chmodSync(hook, 0o755)
}
