import picomatch from 'picomatch'
import { statusOf, type Api } from '../github/octokit.js'
import type { OwnerEntry } from './config.js'

/** The fields of GitHub's repository listing that discovery reads. */
interface ListedRepo {
  name: string
  archived?: boolean
  fork?: boolean
  /** Kilobytes; 0 for a repository nothing was ever pushed to. */
  size?: number
}

export interface Discovered {
  names: string[]
  /** Repositories left out, with why (filters and skip kinds), for the log. */
  left: { name: string; why: string }[]
}

/**
 * Every repository of a user or organisation, paginated (100 a page). An organisation is listed
 * with `type=all`; for a user, the token's own account lists private repositories too
 * (`/user/repos`), anyone else's only the public ones. Rate limits are waited out by the client.
 */
export async function listOwnerRepos(api: Api, owner: string): Promise<ListedRepo[]> {
  let type: string
  try {
    type = (await api.rest.users.getByUsername({ username: owner })).data.type
  } catch (err) {
    if (statusOf(err) === 404)
      throw new Error(`owner '${owner}' was not found on this GitHub server`, { cause: err })
    throw err
  }
  if (type === 'Organization')
    return api.paginate(api.rest.repos.listForOrg, { org: owner, type: 'all', per_page: 100 })
  const self = await api.rest.users.getAuthenticated().then(
    r => r.data.login,
    () => undefined
  )
  if (self?.toLowerCase() === owner.toLowerCase())
    return (
      await api.paginate(api.rest.repos.listForAuthenticatedUser, { affiliation: 'owner', per_page: 100 })
    ).filter(r => r.owner.login.toLowerCase() === owner.toLowerCase())
  return api.paginate(api.rest.repos.listForUser, { username: owner, type: 'owner', per_page: 100 })
}

/** Applies an owner entry's include/exclude globs and skip kinds to a listing. Pure. */
export function filterRepos(repos: ListedRepo[], entry: Pick<OwnerEntry, 'include' | 'exclude' | 'skip'>) {
  const opts = { nocase: true, dot: true }
  const include = picomatch(entry.include?.length ? entry.include : ['*'], opts)
  const exclude = entry.exclude?.length ? picomatch(entry.exclude, opts) : () => false
  const skip = new Set(entry.skip ?? [])
  const out: Discovered = { names: [], left: [] }
  for (const r of [...repos].sort((a, b) => a.name.localeCompare(b.name))) {
    const why = !include(r.name)
      ? 'not included'
      : exclude(r.name)
        ? 'excluded'
        : skip.has('archived') && r.archived
          ? 'archived'
          : skip.has('forks') && r.fork
            ? 'a fork'
            : skip.has('empty') && r.size === 0
              ? 'empty'
              : undefined
    if (why) out.left.push({ name: r.name, why })
    else out.names.push(r.name)
  }
  return out
}
