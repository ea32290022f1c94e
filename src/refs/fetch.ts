import { GitError, type FetchDepth, type Git } from '../git/git.js'
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
  const wants = [...new Set(refs.map(([, id]) => id))]
  await withRetries(retries, `fetch from ${remote.display}`, () => git.fetchIds(remote, wants, how)).catch(
    (err: Error) => {
      const stderr = err instanceof GitError ? err.result.stderr : err.message
      if (/not our ref|unadvertised object/i.test(stderr))
        throw new Error(
          `${remote.display} changed while this run was reading it (a listed ref moved): run again`
        )
      throw err
    }
  )
  return fetched
}
