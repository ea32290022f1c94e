import * as core from '../runner.js'
import { backoffDelay, sleep } from '../git/retry.js'
import { apiMessage, statusOf, tokenClient } from '../github/octokit.js'
import { RateLimitError } from '../github/rate-limit.js'

/** Checks before a new token is given up on: with the default backoff, about half a minute. */
export const READY_ATTEMPTS = 6

/**
 * Resolves once GitHub accepts a token it has just minted. Right after minting, GitHub can answer
 * 401 (the token is not known yet) or 403/404 (its permissions or repository access are not
 * replicated yet) for a moment; git would take that as final. One read of the token's own
 * repository (metadata, which every installation token may read) proves the token is usable; it
 * is repeated with backoff, each wait logged, and the run fails with one line past the bound.
 */
export async function untilUsable(o: {
  apiUrl: string
  token: string
  owner: string
  repo: string
  side: string
}): Promise<void> {
  const api = tokenClient(o.apiUrl, o.token)
  for (let attempt = 0; ; attempt++) {
    try {
      await api.rest.repos.get({ owner: o.owner, repo: o.repo })
      if (attempt > 0) core.info(`${o.side}: GitHub accepts the new token after ${attempt} wait(s)`)
      return
    } catch (err) {
      const status = statusOf(err)
      const lag = !(err instanceof RateLimitError) && (status === 401 || status === 403 || status === 404)
      if (!lag) throw err
      const said = `${status} ${apiMessage(err)}`
      if (attempt + 1 >= READY_ATTEMPTS)
        throw new Error(
          `GitHub did not accept the new App token for ${o.owner}/${o.repo} after ${attempt + 1} tries (${said}): GitHub may be slow or degraded (https://www.githubstatus.com); run again later`,
          { cause: err }
        )
      const delay = backoffDelay(attempt)
      core.info(
        `${o.side}: GitHub does not accept the new App token yet (${said}); waiting ${delay} ms (${attempt + 1}/${READY_ATTEMPTS - 1})`
      )
      await sleep(delay)
    }
  }
}
