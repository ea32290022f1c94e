import { apiMessage, headerOf, statusOf } from '../github/octokit.js'
import { RateLimitError } from '../github/rate-limit.js'

export interface FailureContext {
  /** What was being done, e.g. 'minting a token with contents: read'. */
  what: string
  /** owner/name the call was for. */
  repo: string
  appId: string
  installationId?: number
}

/** GitHub Enterprise Server accepts a client ID as the JWT issuer only from this version on. */
const CLIENT_ID_SINCE = [3, 14]

const isClientId = (appId: string) => /^Iv/.test(appId)

/** True for a GHES version (from `x-github-enterprise-version`) older than CLIENT_ID_SINCE. */
export function ghesBeforeClientIds(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(n => parseInt(n, 10))
  return major < CLIENT_ID_SINCE[0]! || (major === CLIENT_ID_SINCE[0] && minor < CLIENT_ID_SINCE[1]!)
}

/**
 * Explains an App API failure in one line that names the fix; never includes a token. The 422s
 * GitHub gives for minting are told apart by its own words: a repository outside the installation,
 * or permissions the installation was not granted.
 */
export function explainAppFailure(err: unknown, c: FailureContext): Error {
  if (err instanceof RateLimitError) return new Error(err.message)
  const status = statusOf(err)
  const said = apiMessage(err)
  const owner = c.repo.split('/')[0]
  if (status === 401) {
    const ghes = headerOf(err, 'x-github-enterprise-version')
    if (ghes && isClientId(c.appId) && ghesBeforeClientIds(ghes))
      return new Error(
        `app-id is a client ID (${c.appId.slice(0, 4)}…), which GitHub Enterprise Server accepts only from 3.14 on; this server runs ${ghes}: give the App's numeric App ID (on the App's settings page) as app-id`
      )
    return new Error(
      "GitHub refused the App's credentials (401 Bad credentials): check app-id and that app-private-key is a current key of that App"
    )
  }
  if (status === 404)
    return new Error(
      `the App is not installed on ${c.repo}, or cannot see it (404): install it there with Contents access, or set app-installation-id`
    )
  if (
    status === 422 &&
    /not accessible to the parent installation|repository that does not exist/i.test(said)
  )
    return new Error(
      c.installationId
        ? `the App is not installed on ${c.repo} (422 "${said}"): app-installation-id ${c.installationId} does not cover it. An installation belongs to one owner: remove app-installation-id so the action finds each repository's installation, or add ${c.repo} to that installation`
        : `the App is not installed on ${c.repo} (422 "${said}"): add ${c.repo} to the App's installation on ${owner} (${owner}'s settings → GitHub Apps → Configure → Repository access)`
    )
  if (status === 422)
    return new Error(
      `GitHub would not grant the permissions asked for ${c.repo} (422 "${said}"): give the App Contents: read & write${c.what.includes('workflows') ? ' and Workflows: read & write (or set sync-workflows: false)' : ''}${c.what.includes('pull_requests') ? ' and Pull requests: read & write (for on-conflict: pull-request)' : ''} and accept the new permissions on the installation`
    )
  if (status === 403)
    return new Error(
      `GitHub refused (403) ${c.what} for ${c.repo}: the installation may be suspended (${said})`
    )
  return new Error(`${c.what} for ${c.repo} failed: ${said}`)
}
