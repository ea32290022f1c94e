import * as core from '../runner.js'
import type { Octokit } from '@octokit/core'

/**
 * GitHub's rate limits, as its REST documentation describes them: a primary or secondary limit
 * answers 403 or 429; `retry-after` (seconds) says how long to wait; otherwise, with
 * `x-ratelimit-remaining: 0`, wait until `x-ratelimit-reset` (epoch seconds); otherwise wait at least
 * a minute, longer each time. Continuing while limited can get an integration banned, so every wait
 * is honoured and logged, and past a bound the call fails with one clear line instead of waiting on.
 */
export const rateLimitPolicy = {
  /** Waits on one request before giving up. */
  maxWaits: 3,
  /** The longest single wait the action sits out (seconds); a later reset fails the run instead. */
  maxWaitSeconds: 900,
  /** GitHub's advice when a secondary limit names no time. */
  fallbackSeconds: 60
}

interface ResponseLike {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown }
}

/** Thrown when GitHub keeps limiting, or asks for a wait beyond the bound. */
export class RateLimitError extends Error {
  readonly status: number
  constructor(message: string, status: number) {
    super(message)
    this.name = 'RateLimitError'
    this.status = status
  }
}

function header(err: ResponseLike, name: string): string | undefined {
  const v = err.response?.headers?.[name]
  return v === undefined ? undefined : String(v)
}

/** How long GitHub asks us to wait, or undefined when the failure is not a rate limit. */
export function rateLimitWait(
  err: ResponseLike,
  attempt: number,
  nowMs = Date.now()
): { seconds: number; basis: string } | undefined {
  if (err.status !== 403 && err.status !== 429) return undefined
  const retryAfter = header(err, 'retry-after')
  const remaining = header(err, 'x-ratelimit-remaining')
  const data = err.response?.data as { message?: unknown } | undefined
  const text = `${typeof data?.message === 'string' ? data.message : ''} ${err.message ?? ''}`
  const limited =
    err.status === 429 || retryAfter !== undefined || remaining === '0' || /rate limit/i.test(text)
  if (!limited) return undefined
  if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()))
    return { seconds: Number(retryAfter), basis: 'retry-after' }
  const reset = Number(header(err, 'x-ratelimit-reset'))
  if (remaining === '0' && Number.isFinite(reset) && reset > 0)
    // One second past the reset, so the retry lands after it.
    return { seconds: Math.max(1, Math.ceil(reset - nowMs / 1000) + 1), basis: 'x-ratelimit-reset' }
  return {
    seconds: rateLimitPolicy.fallbackSeconds * 2 ** attempt,
    basis: "GitHub's advice: a minute or more"
  }
}

const clock = (seconds: number, nowMs = Date.now()) =>
  new Date(nowMs + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')

/**
 * An Octokit plugin that waits out rate limits on every request, as rateLimitPolicy says. It
 * replaces @octokit/plugin-throttling, which leaves a 429 without its headers of choice to
 * @octokit/plugin-retry's fixed 1/4/9 s retries and absorbs short waits without a log line.
 */
export function rateLimits(octokit: Octokit): void {
  octokit.hook.wrap('request', async (request, options) => {
    const what = `${options.method} ${options.url}`
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(options)
      } catch (err) {
        const e = err as ResponseLike
        const wait = rateLimitWait(e, attempt)
        if (!wait) throw err
        const status = e.status ?? 429
        if (wait.seconds > rateLimitPolicy.maxWaitSeconds)
          throw new RateLimitError(
            `GitHub API rate limit (${status}) on ${what}: GitHub asks to wait ${wait.seconds} s (${wait.basis}), more than the ${rateLimitPolicy.maxWaitSeconds} s this action waits; run again after ${clock(wait.seconds)}, or spread the runs that share this App or token`,
            status
          )
        if (attempt >= rateLimitPolicy.maxWaits)
          throw new RateLimitError(
            `GitHub API rate limit (${status}) on ${what}: still limited after ${attempt} waits; gave up so as not to get the App or token banned. Run again later, or spread the runs that share it`,
            status
          )
        core.warning(
          `GitHub API rate limit (${status}) on ${what}: waiting ${wait.seconds} s (${wait.basis}), then retrying (${attempt + 1}/${rateLimitPolicy.maxWaits})`
        )
        await new Promise(r => setTimeout(r, wait.seconds * 1000))
      }
    }
  })
}
