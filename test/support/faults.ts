import type { Fault, RequestInfo } from './git-http-server.js'

/** Which requests of the smart-HTTP protocol a fault or a hold applies to. */
export const is = {
  /** Capability advertisement that starts ls-remote and fetch (GET info/refs?service=git-upload-pack). */
  advert: (repo: string) => (r: RequestInfo) =>
    r.repo === repo && r.method === 'GET' && r.service === 'upload-pack',
  /** Listing refs (protocol v2 ls-refs): what ls-remote does, and fetch before it downloads. */
  lsRefs: (repo: string) => (r: RequestInfo) =>
    r.repo === repo && r.method === 'POST' && r.command === 'ls-refs',
  /** The pack negotiation and download of a fetch (protocol v2 fetch command). */
  fetch: (repo: string) => (r: RequestInfo) =>
    r.repo === repo && r.method === 'POST' && r.command === 'fetch',
  /** Ref advertisement before a push (GET info/refs?service=git-receive-pack). */
  pushAdvert: (repo: string) => (r: RequestInfo) =>
    r.repo === repo && r.method === 'GET' && r.service === 'receive-pack',
  /** The push itself: commands and pack; the refs move while git serves it. */
  push: (repo: string) => (r: RequestInfo) =>
    r.repo === repo && r.method === 'POST' && r.service === 'receive-pack'
}

/** A fault for the first `times` requests that match (Infinity: every one), counting matches. */
export function faultFor(match: (r: RequestInfo) => boolean, fault: Fault, times = 1) {
  const state = { hits: 0, faulted: 0 }
  const fn = (r: RequestInfo): Fault => {
    if (!match(r)) return undefined
    state.hits++
    if (state.faulted >= times) return undefined
    state.faulted++
    return fault
  }
  return Object.assign(fn, { state })
}

/**
 * Holds the n-th matching request (1-based) until `release()` is called; `held` resolves when it
 * arrives. With this a test decides exactly what happens between two protocol steps of a run.
 */
export function holdAt(match: (r: RequestInfo) => boolean, nth = 1) {
  let seen = 0
  let arrived!: () => void
  let release!: () => void
  const held = new Promise<void>(r => (arrived = r))
  const released = new Promise<void>(r => (release = r))
  const before = async (r: RequestInfo) => {
    if (!match(r) || ++seen !== nth) return
    arrived()
    await released
  }
  return { before, held, release }
}

/** Fast backoff so fault scenarios take milliseconds (read by src/git/retry.ts). */
export const FAST_RETRY = { REPO_MIRROR_RETRY_BASE_MS: '10', REPO_MIRROR_RETRY_CAP_MS: '40' }

/** Annotations a run printed (workflow commands on stdout). */
export function annotations(stdout: string, kind: 'error' | 'warning'): string[] {
  return stdout
    .split('\n')
    .filter(l => l.startsWith(`::${kind}`))
    .map(l =>
      l
        .replace(/^::\w+[^:]*::/, '')
        .replace(/%0A/g, '\n')
        .replace(/%0D/g, '\r')
        .replace(/%25/g, '%')
    )
}
