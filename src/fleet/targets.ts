import { statusOf, type Api } from '../github/octokit.js'
import { listOwnerRepos } from './discover.js'

export interface TargetToCreate {
  owner: string
  name: string
  /** What it will mirror, for the repository's description. */
  source: string
}

export type Creation = { repo: string; created: boolean; error?: string }

const messageOf = (err: unknown) => {
  const status = statusOf(err)
  const text = err instanceof Error ? err.message : String(err)
  return status ? `${status} ${text}` : text
}

/**
 * Creates the GitHub target repositories that do not exist yet: private, empty, with a description
 * naming the source. Each owner is listed once (cheaper than one lookup per repository); a repository
 * that cannot be created is reported for its own pair and the others go on.
 *
 * Permission: creating in an organisation needs a token with `repo` scope (classic), or
 * "Administration: write" on the organisation's repositories (fine-grained token or GitHub App);
 * for a user account only that user's own token can create.
 */
export async function createMissingTargets(api: Api, wanted: TargetToCreate[]): Promise<Creation[]> {
  const out: Creation[] = []
  const byOwner = new Map<string, TargetToCreate[]>()
  for (const t of wanted)
    byOwner.set(t.owner.toLowerCase(), [...(byOwner.get(t.owner.toLowerCase()) ?? []), t])
  for (const list of byOwner.values()) {
    const owner = list[0]!.owner
    let existing: Set<string>
    let isOrg: boolean
    let self: string | undefined
    try {
      isOrg = (await api.rest.users.getByUsername({ username: owner })).data.type === 'Organization'
      if (!isOrg) self = (await api.rest.users.getAuthenticated().catch(() => undefined))?.data.login
      existing = new Set((await listOwnerRepos(api, owner)).map(r => r.name.toLowerCase()))
    } catch (err) {
      for (const t of list)
        out.push({
          repo: `${t.owner}/${t.name}`,
          created: false,
          error: `could not list ${owner}: ${messageOf(err)}`
        })
      continue
    }
    for (const t of list) {
      const repo = `${t.owner}/${t.name}`
      if (existing.has(t.name.toLowerCase())) {
        out.push({ repo, created: false })
        continue
      }
      // Creating "for the authenticated user" would land in the token's own account, not owner's.
      if (!isOrg && self?.toLowerCase() !== owner.toLowerCase()) {
        out.push({
          repo,
          created: false,
          error: `could not create ${repo}: ${owner} is a user account, and only that user's own token can create repositories there`
        })
        continue
      }
      const body = {
        name: t.name,
        private: true,
        description: `Mirror of ${t.source} (repo-mirror)`.slice(0, 350),
        has_issues: false,
        has_projects: false,
        has_wiki: false,
        auto_init: false
      }
      try {
        if (isOrg) await api.rest.repos.createInOrg({ org: owner, ...body })
        else await api.rest.repos.createForAuthenticatedUser(body)
        existing.add(t.name.toLowerCase())
        out.push({ repo, created: true })
      } catch (err) {
        const hint =
          statusOf(err) === 403 || statusOf(err) === 404
            ? ` (the target token needs permission to create repositories in ${owner}: 'repo' scope, or Administration: write)`
            : ''
        out.push({ repo, created: false, error: `could not create ${repo}: ${messageOf(err)}${hint}` })
      }
    }
  }
  return out
}
