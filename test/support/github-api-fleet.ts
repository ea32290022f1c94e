import { execFileSync } from 'node:child_process'
import path from 'node:path'
import { BareRepo } from './repos.js'

/**
 * The fleet endpoints of the GitHub API double: accounts, repository listings (paginated as GitHub
 * paginates: per_page up to 100, a Link header with rel="next"/"last") and repository creation.
 * Kept apart from the App/token endpoints in github-api-server.ts; that server calls `route` first.
 */
export interface AccountDef {
  login: string
  type: 'Organization' | 'User'
}

export interface FleetApiOptions {
  accounts: AccountDef[]
  /** Personal access token → the login of the user it belongs to (GET /user). */
  users?: Map<string, string>
  /** Token → the owners it may create repositories in (Administration: write / 'repo' scope). */
  creators?: Map<string, string[]>
}

export interface FleetRepo {
  owner: string
  name: string
  gitPath: string
  defaultBranch: string
  archived?: boolean
  fork?: boolean
}

export interface FleetRouteContext {
  method: string
  url: URL
  token: string | undefined
  body: string
  /** The server's base URL, for Link headers. */
  base: string
  repos: FleetRepo[]
  gitRoot: string
  /** 'owner/name' repositories the token can see, or throws 401 for an unknown token. */
  visible: (token: string) => string[]
  /** Lets a token use a newly created repository, through the API and over git. */
  grant: (token: string, repo: FleetRepo) => void
  error: (status: number, message: string, docs?: string) => Error
}

export type RouteResult = { status: number; json?: unknown; headers?: Record<string, string> }

const DOCS = 'https://docs.github.com/rest'

function isEmpty(gitRoot: string, repo: FleetRepo): boolean {
  const out = execFileSync('git', ['for-each-ref', '--count=1', '--format=%(refname)'], {
    env: { PATH: process.env.PATH, GIT_DIR: path.join(gitRoot, repo.gitPath) },
    encoding: 'utf8'
  })
  return out.trim() === ''
}

function page(c: FleetRouteContext, list: unknown[]): RouteResult {
  const perPage = Math.max(1, Math.min(100, Number(c.url.searchParams.get('per_page') ?? 30)))
  const n = Math.max(1, Number(c.url.searchParams.get('page') ?? 1))
  const last = Math.max(1, Math.ceil(list.length / perPage))
  const link = (p: number, rel: string) => {
    const u = new URL(c.url.pathname + c.url.search, c.base)
    u.searchParams.set('page', String(p))
    return `<${u.toString()}>; rel="${rel}"`
  }
  const links = []
  if (n < last) links.push(link(n + 1, 'next'), link(last, 'last'))
  if (n > 1) links.push(link(1, 'first'), link(n - 1, 'prev'))
  return {
    status: 200,
    json: list.slice((n - 1) * perPage, n * perPage),
    headers: links.length ? { link: links.join(', ') } : {}
  }
}

export function fleetRoute(o: FleetApiOptions, c: FleetRouteContext): RouteResult | undefined {
  const p = c.url.pathname
  // One look per bare repository per request: a listing of hundreds must not run git hundreds of times.
  const empty = new Map<string, boolean>()
  const isEmptyRepo = (r: FleetRepo) => {
    if (!empty.has(r.gitPath)) empty.set(r.gitPath, isEmpty(c.gitRoot, r))
    return empty.get(r.gitPath)!
  }
  const account = (login: string) => o.accounts.find(a => a.login.toLowerCase() === login.toLowerCase())
  const repoJson = (r: FleetRepo) => ({
    id: 1,
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    owner: { login: r.owner, type: account(r.owner)?.type ?? 'User' },
    private: true,
    archived: r.archived ?? false,
    fork: r.fork ?? false,
    // GitHub reports kilobytes on disk; a repository nothing was pushed to has 0.
    size: isEmptyRepo(r) ? 0 : 1,
    default_branch: r.defaultBranch
  })
  const ownedBy = (login: string) => {
    if (!c.token) throw c.error(401, 'Requires authentication')
    const mine = new Set(c.visible(c.token).map(x => x.toLowerCase()))
    return c.repos
      .filter(r => r.owner.toLowerCase() === login.toLowerCase())
      .filter(r => mine.has(`${r.owner}/${r.name}`.toLowerCase()))
  }
  let m: RegExpExecArray | null

  if (c.method === 'GET' && (m = /^\/users\/([^/]+)$/.exec(p))) {
    const a = account(m[1]!)
    if (!a) throw c.error(404, 'Not Found', `${DOCS}/users/users#get-a-user`)
    return { status: 200, json: { login: a.login, type: a.type } }
  }
  if (c.method === 'GET' && p === '/user') {
    const login = c.token ? o.users?.get(c.token) : undefined
    if (!login) throw c.error(403, 'Resource not accessible by integration')
    return { status: 200, json: { login, type: 'User' } }
  }
  if (c.method === 'GET' && (m = /^\/orgs\/([^/]+)\/repos$/.exec(p))) {
    const a = account(m[1]!)
    if (a?.type !== 'Organization')
      throw c.error(404, 'Not Found', `${DOCS}/repos/repos#list-organization-repositories`)
    return page(c, ownedBy(a.login).map(repoJson))
  }
  if (c.method === 'GET' && (m = /^\/users\/([^/]+)\/repos$/.exec(p))) {
    const a = account(m[1]!)
    if (!a) throw c.error(404, 'Not Found')
    return page(c, ownedBy(a.login).map(repoJson))
  }
  if (c.method === 'GET' && p === '/user/repos') {
    const login = c.token ? o.users?.get(c.token) : undefined
    if (!login) throw c.error(403, 'Resource not accessible by integration')
    return page(c, ownedBy(login).map(repoJson))
  }

  const createIn =
    c.method === 'POST' && (/^\/orgs\/([^/]+)\/repos$/.exec(p)?.[1] ?? (p === '/user/repos' ? '' : undefined))
  if (createIn !== undefined) {
    const owner = createIn || (c.token ? o.users?.get(c.token) : undefined)
    if (!c.token || !owner) throw c.error(401, 'Requires authentication')
    if (createIn && account(createIn)?.type !== 'Organization') throw c.error(404, 'Not Found')
    if (!o.creators?.get(c.token)?.some(x => x.toLowerCase() === owner.toLowerCase()))
      throw c.error(
        403,
        'Resource not accessible by personal access token',
        `${DOCS}/repos/repos#create-an-organization-repository`
      )
    const ask = JSON.parse(c.body || '{}') as { name?: string; private?: boolean; description?: string }
    if (!ask.name || !/^[A-Za-z0-9._-]{1,100}$/.test(ask.name))
      throw c.error(422, 'Repository creation failed.')
    if (
      c.repos.some(
        r => r.owner.toLowerCase() === owner.toLowerCase() && r.name.toLowerCase() === ask.name!.toLowerCase()
      )
    )
      throw c.error(422, 'Repository creation failed.')
    const repo: FleetRepo & { private?: boolean; description?: string } = {
      owner: account(owner)?.login ?? owner,
      name: ask.name,
      gitPath: `${owner}/${ask.name}.git`,
      defaultBranch: 'main',
      private: ask.private ?? false,
      description: ask.description
    }
    BareRepo.create(c.gitRoot, repo.gitPath)
    c.repos.push(repo)
    c.grant(c.token, repo)
    return {
      status: 201,
      json: { ...repoJson(repo), private: repo.private, description: repo.description ?? null }
    }
  }
  return undefined
}
