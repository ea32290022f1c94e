import * as core from '../runner.js'
import type { Remote } from '../git/remote.js'

/** The API client, loaded by the first run that talks to a GitHub API (none does for local or other hosts). */
const octokit = () => import('./octokit.js')

function ownerName(remote: Remote): { owner: string; repo: string } | undefined {
  const [owner, repo] = remote.githubRepo?.split('/') ?? []
  return owner && repo ? { owner, repo } : undefined
}

/**
 * Whether apiUrl is the REST API of the remote's own GitHub server (the same host, or api.<host> as
 * on github.com and GHE.com): the remote's token is never sent to an API on another host.
 */
export function apiServes(apiUrl: string, remote: Remote): boolean {
  if (!remote.serverUrl) return false
  const api = new URL(apiUrl).hostname
  const server = new URL(remote.serverUrl).hostname
  return api === server || api === `api.${server}`
}

/**
 * The repository's default branch from the REST API, when the remote is an 'owner/name' repository
 * on a GitHub server and we hold a token. undefined means "ask git instead" (ls-remote HEAD).
 */
export async function apiDefaultBranch(
  remote: Remote,
  apiUrl: string,
  retries: number
): Promise<string | undefined> {
  const id = ownerName(remote)
  if (!id || !remote.token || !apiServes(apiUrl, remote)) return undefined
  // An App token may have to be re-minted first (these calls can come late in a long run).
  await remote.renew?.()
  const { statusOf, tokenClient } = await octokit()
  try {
    const { data } = await tokenClient(apiUrl, remote.token, retries).rest.repos.get(id)
    return data.default_branch || undefined
  } catch (err) {
    core.info(
      `default branch of ${remote.display} not read from the API (${statusOf(err) ?? 'no answer'}); using git's HEAD instead`
    )
    return undefined
  }
}

/**
 * Names of the target's protected branches (one paginated `GET /branches?protected=true`), or
 * undefined when the target is not on GitHub or the API cannot tell us.
 */
export async function protectedBranches(
  remote: Remote,
  apiUrl: string,
  retries: number
): Promise<Set<string> | undefined> {
  const id = ownerName(remote)
  if (!id || !remote.token || !apiServes(apiUrl, remote)) return undefined
  // An App token may have to be re-minted first (these calls can come late in a long run).
  await remote.renew?.()
  const { statusOf, tokenClient } = await octokit()
  try {
    const api = tokenClient(apiUrl, remote.token, retries)
    const list = await api.paginate(api.rest.repos.listBranches, { ...id, protected: true, per_page: 100 })
    return new Set(list.filter(b => b.protected).map(b => b.name))
  } catch (err) {
    core.info(`branch protection of ${remote.display} not checked (${statusOf(err) ?? 'no answer'})`)
    return undefined
  }
}
