import * as core from '@actions/core'
import { GitHub } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { throttling } from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck'

/**
 * @actions/github's Octokit (REST methods, proxy-aware fetch) plus retries on 5xx/network errors
 * and waiting out rate limits. Every REST call of the action goes through this class.
 */
export const MirrorOctokit = GitHub.plugin(retry, throttling)
export type Api = InstanceType<typeof MirrorOctokit>

// The plugin's default pacing (one write a second) is meant for content-creating bursts; this
// action makes a handful of writes (mint and revoke tokens) and should not wait a second for each.
const write = new Bottleneck.Group({ maxConcurrent: 2, minTime: 0 })

const MAX_RATE_RETRIES = 2

/** Options for a client of the REST API at apiUrl, authenticated with a token or an auth strategy. */
export function apiOptions(apiUrl: string, retries: number) {
  return {
    baseUrl: apiUrl,
    userAgent: 'repo-mirror',
    retry: { retries },
    throttle: {
      write,
      onRateLimit: (after: number, o: { method: string; url: string }, _k: unknown, count: number) => {
        core.warning(
          `GitHub API rate limit reached (${o.method} ${o.url}); ${count < MAX_RATE_RETRIES ? `retrying in ${after} s` : 'giving up'}`
        )
        return count < MAX_RATE_RETRIES && after <= 120
      },
      onSecondaryRateLimit: (
        after: number,
        o: { method: string; url: string },
        _k: unknown,
        count: number
      ) => {
        core.warning(
          `GitHub API secondary rate limit (${o.method} ${o.url}); ${count < MAX_RATE_RETRIES ? `retrying in ${after} s` : 'giving up'}`
        )
        return count < MAX_RATE_RETRIES && after <= 120
      }
    }
  }
}

/** A client that authenticates with a token (PAT or installation token). */
export function tokenClient(apiUrl: string, token: string, retries = 2): Api {
  return new MirrorOctokit({ ...apiOptions(apiUrl, retries), auth: `token ${token}` })
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(err: unknown): number | undefined {
  const s = (err as { status?: unknown })?.status
  return typeof s === 'number' ? s : undefined
}
