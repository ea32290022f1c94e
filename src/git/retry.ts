import * as core from '@actions/core'
import { GitError } from './git.js'
import { isTransient } from './errors.js'

export const retryTiming = { baseMs: 1000, capMs: 15000 }

/**
 * Retries a network call on transient failures (dropped connection, 5xx) with capped exponential
 * backoff. Anything else — bad credentials, missing repo, rejected ref — fails at once.
 */
export async function withRetries<T>(retries: number, what: string, call: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call()
    } catch (err) {
      const transient = err instanceof GitError && isTransient(err.result.stderr)
      if (!transient || attempt >= retries) throw err
      const delay = Math.min(retryTiming.capMs, retryTiming.baseMs * 2 ** attempt)
      core.warning(`${what}: ${err.message}; retrying in ${delay} ms (${attempt + 1}/${retries})`)
      await new Promise((r) => setTimeout(r, delay))
    }
  }
}
