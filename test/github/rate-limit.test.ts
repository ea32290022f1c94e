import { describe, expect, it } from 'vitest'
import { ghesBeforeClientIds } from '../../src/auth/app-errors.js'
import { rateLimitWait } from '../../src/github/rate-limit.js'

const now = Date.parse('2026-01-01T00:00:00Z')
const err = (status: number, headers: Record<string, string> = {}, message = '') => ({
  status,
  message,
  response: { headers, data: { message } }
})

describe('rate-limit waits, as GitHub documents them', () => {
  it('takes retry-after first, then x-ratelimit-reset (one second past it), on 403 and 429 alike', () => {
    expect(rateLimitWait(err(429, { 'retry-after': '7' }), 0, now)).toEqual({
      seconds: 7,
      basis: 'retry-after'
    })
    expect(rateLimitWait(err(403, { 'retry-after': '2', 'x-ratelimit-remaining': '0' }), 0, now)).toEqual({
      seconds: 2,
      basis: 'retry-after'
    })
    const reset = String(now / 1000 + 30)
    for (const status of [403, 429])
      expect(
        rateLimitWait(err(status, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), 0, now)
      ).toEqual({ seconds: 31, basis: 'x-ratelimit-reset' })
  })

  it('waits a minute, then longer each time, when a limit names no time', () => {
    const bare = err(429)
    expect(rateLimitWait(bare, 0, now)?.seconds).toBe(60)
    expect(rateLimitWait(bare, 1, now)?.seconds).toBe(120)
    expect(rateLimitWait(err(403, {}, 'You have exceeded a secondary rate limit.'), 0, now)?.seconds).toBe(60)
  })

  it('leaves other refusals alone', () => {
    expect(rateLimitWait(err(403, {}, 'Resource not accessible by integration'), 0, now)).toBeUndefined()
    expect(rateLimitWait(err(403, { 'x-ratelimit-remaining': '12' }), 0, now)).toBeUndefined()
    expect(rateLimitWait(err(401, { 'retry-after': '1' }), 0, now)).toBeUndefined()
    expect(rateLimitWait(err(500), 0, now)).toBeUndefined()
  })
})

describe('client IDs on GitHub Enterprise Server', () => {
  it('are refused before 3.14 only', () => {
    expect(['3.13.4', '3.9.0', '2.22.1'].map(ghesBeforeClientIds)).toEqual([true, true, true])
    expect(['3.14.0', '3.15.2', '4.0.0'].map(ghesBeforeClientIds)).toEqual([false, false, false])
  })
})
