import * as core from '../runner.js'
import { GitError } from './git.js'
import { isTransient } from './errors.js'

/** Milliseconds from the environment, within bounds; anything else keeps the default. */
function msFromEnv(name: string, fallback: number, max: number): number {
  const raw = process.env[name]?.trim()
  if (!raw || !/^\d+$/.test(raw)) return fallback
  return Math.min(Number(raw), max)
}

/**
 * The backoff's first delay and its ceiling. The one place they are read: tests shorten them with
 * REPO_MIRROR_RETRY_BASE_MS / REPO_MIRROR_RETRY_CAP_MS so that fault scenarios run in milliseconds.
 */
function retryTiming(): { baseMs: number; capMs: number } {
  return {
    baseMs: msFromEnv('REPO_MIRROR_RETRY_BASE_MS', 1000, 60_000),
    capMs: msFromEnv('REPO_MIRROR_RETRY_CAP_MS', 15_000, 300_000)
  }
}

/** Delay before retry number attempt+1: base, 2·base, 4·base, … never above the cap. */
export function backoffDelay(
  attempt: number,
  timing: { baseMs: number; capMs: number } = retryTiming()
): number {
  return Math.min(timing.capMs, timing.baseMs * 2 ** Math.min(attempt, 30))
}

export const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms))

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
      if (!transient) throw err
      if (attempt >= retries)
        throw retries > 0 ? new GitError(`${err.message}; gave up after ${retries} retries`, err.result) : err
      const delay = backoffDelay(attempt)
      core.warning(`${what}: ${err.message}; retrying in ${delay} ms (${attempt + 1}/${retries})`)
      await sleep(delay)
    }
  }
}
