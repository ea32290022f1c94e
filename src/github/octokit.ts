import { GitHub } from '@actions/github/lib/utils'
import { retry } from '@octokit/plugin-retry'
import { rateLimits } from './rate-limit.js'

/**
 * @actions/github's Octokit (REST methods, proxy-aware fetch) plus retries on 5xx/network errors
 * and waiting out rate limits (see rate-limit.ts). Every REST call of the action goes through this class.
 */
export const MirrorOctokit = GitHub.plugin(retry, rateLimits)
export type Api = InstanceType<typeof MirrorOctokit>

// plugin-retry retries every status not listed here at fixed 1/4/9 s; a 429 is a rate limit, whose
// wait GitHub names: rate-limit.ts honours it instead.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451]

/** Options for a client of the REST API at apiUrl, authenticated with a token or an auth strategy. */
export function apiOptions(apiUrl: string, retries: number) {
  return {
    baseUrl: apiUrl,
    userAgent: 'repo-mirror',
    retry: { retries, doNotRetry: DO_NOT_RETRY }
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

/** GitHub's own words for an API failure (the body's message), else the error's first line. */
export function apiMessage(err: unknown): string {
  const data = (err as { response?: { data?: { message?: unknown } } })?.response?.data
  if (typeof data?.message === 'string') return data.message
  return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err)
}

/** A response header of an Octokit error (e.g. GHES's x-github-enterprise-version). */
export function headerOf(err: unknown, name: string): string | undefined {
  const v = (err as { response?: { headers?: Record<string, unknown> } })?.response?.headers?.[name]
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined
}
