import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { withRetries } from '../git/retry.js'

export const SOURCE_NS = 'refs/mirror/source/'
export const TARGET_NS = 'refs/mirror/target/'

/** Where a remote ref is kept in the work repository, e.g. refs/mirror/source/heads/main. */
export function localRef(ns: string, ref: string): string {
  return ns + ref.slice('refs/'.length)
}

/**
 * How much history to fetch: `depth` commits from each tip (a shallow fetch, also used to deepen
 * refs fetched before), `unshallow` to complete a shallow repository, or everything (default).
 */
export interface FetchDepth {
  depth?: number
  unshallow?: boolean
}

/**
 * Fetches the named refs into a private namespace of the work repository and returns the ids
 * actually fetched (a ref may have moved since it was listed: analysis uses what we hold).
 */
export async function fetchRefs(
  git: Git,
  remote: Remote,
  ns: string,
  refs: string[],
  retries: number,
  how: FetchDepth = {}
): Promise<Map<string, string>> {
  const fetched = new Map<string, string>()
  if (refs.length === 0) return fetched
  const refspecs = refs.map((r) => `+${r}:${localRef(ns, r)}`).join('\n') + '\n'
  const depth = how.unshallow ? ['--unshallow'] : how.depth ? [`--depth=${how.depth}`] : []
  await withRetries(retries, `fetch from ${remote.display}`, () =>
    git.run(
      ['fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--no-recurse-submodules', '--no-auto-gc', ...depth, '--stdin', '--', remote.url],
      { remote, input: refspecs }
    )
  )
  const listed = await git.run(['for-each-ref', '--format=%(objectname) %(refname)', ns])
  const wanted = new Map(refs.map((r) => [localRef(ns, r), r]))
  for (const line of listed.stdout.split('\n')) {
    const [sha, local] = line.split(' ')
    const ref = local && wanted.get(local)
    if (sha && ref) fetched.set(ref, sha)
  }
  return fetched
}

/** Which of these object ids the work repository already has, in one git process. */
export async function presentObjects(git: Git, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const out = await git.run(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { input: ids.join('\n') + '\n' })
  const present = new Set<string>()
  for (const line of out.stdout.split('\n')) {
    const [id, type] = line.split(' ')
    if (id && type && type !== 'missing') present.add(id)
  }
  return present
}
