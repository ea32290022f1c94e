import path from 'node:path'
import { Git, GitError, type FetchDepth, type GitResult } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { withRetries } from '../git/retry.js'

/**
 * Fetches the listed ids of these refs into the work repository. Wants are object ids, not ref
 * names: git matches every named refspec against every remote ref (minutes for thousands of refs),
 * and the ids are exactly what analysis compared. No ref is written: the run keeps the ids in
 * memory (the work repository is private, short-lived and never garbage-collected), which spares
 * thousands of ref writes on a first mirror.
 */
export async function fetchRefs(
  git: Git,
  remote: Remote,
  refs: [ref: string, id: string][],
  retries: number,
  how: FetchDepth = {}
): Promise<Map<string, string>> {
  const fetched = new Map(refs)
  if (refs.length === 0) return fetched
  await fetchWanted(git, remote, [...new Set(refs.map(([, id]) => id))], retries, how)
  return fetched
}

async function fetchWanted(
  git: Git,
  remote: Remote,
  wants: string[],
  retries: number,
  how: FetchDepth
): Promise<GitResult> {
  return withRetries(retries, `fetch from ${remote.display}`, () => git.fetchIds(remote, wants, how)).catch(
    (err: Error) => {
      const stderr = err instanceof GitError ? err.result.stderr : err.message
      if (/not our ref|unadvertised object/i.test(stderr))
        throw new Error(
          `${remote.display} changed while this run was reading it (a listed ref moved): run again`
        )
      throw err
    }
  )
}

/**
 * Like fetchRefs, but commits (and tags) only, without their trees and files: the shape of the
 * history, enough to compare refs. True when the trees were left out; false when the server does
 * not filter (then it sent them, and the work repository is complete as after fetchRefs).
 */
export async function fetchCommits(
  git: Git,
  remote: Remote,
  ids: string[],
  retries: number,
  how: FetchDepth
): Promise<boolean> {
  if (ids.length === 0) return true
  const result = await fetchWanted(git, remote, [...new Set(ids)], retries, { ...how, commitsOnly: true })
  return !/filtering not recognized/i.test(result.stderr)
}

/**
 * Completes the history of these ids in a work repository whose commits came without their trees:
 * a fresh repository beside it fetches them whole and lends its objects, and its shallow boundary
 * (none, unless the source itself is a shallow clone) replaces the windows'.
 */
export async function fetchComplete(git: Git, remote: Remote, ids: string[], retries: number): Promise<void> {
  const full = await Git.init(path.join(git.gitDir, 'mirror-complete.git'))
  await full.keepFetchedPacks()
  await fetchWanted(full, remote, [...new Set(ids)], retries, {})
  git.borrow(full)
}
