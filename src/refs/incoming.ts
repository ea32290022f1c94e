import type { Git } from '../git/git.js'
import type { Incoming, PlannedRef } from '../record.js'
import type { RemoteRefs } from './types.js'

/** Commits listed per ref (newest first); the total is always counted. */
export const MAX_COMMITS_PER_REF = 20
/**
 * Refs whose incoming commits are read: two git processes each, so a first mirror of thousands
 * of branches does not pay thousands of history walks. The rest are reported without the list.
 */
export const MAX_REFS_WITH_COMMITS = 200

const BRINGS = new Set<PlannedRef['action']>(['create', 'update', 'force-update', 'pull-request'])

/**
 * What each update brings into the target: the commits reachable from its new tip and from no
 * ref the target has — exactly what the push sends. Read from the work repository, which holds
 * the source history analysis fetched; target tips it lacks cannot be ancestors of the source
 * tips there (analysis fetched until they were, or proved they are not).
 */
export async function incomingCommits(
  git: Git,
  updates: PlannedRef[],
  targetRefs: RemoteRefs
): Promise<Map<string, Incoming>> {
  const out = new Map<string, Incoming>()
  const wanted = updates.filter(u => BRINGS.has(u.action) && u.sourceSha).slice(0, MAX_REFS_WITH_COMMITS)
  if (wanted.length === 0) return out
  const present = await git.presentObjects([...new Set(targetRefs.refs.values())])
  const exclude = [...present]
  for (const u of wanted) {
    const tip = u.sourceSha!
    const commits = await git.newCommits(tip, exclude, MAX_COMMITS_PER_REF)
    // A fast-forward's count is known from analysis; anything else is counted here.
    const total =
      u.action === 'update' && u.behind !== null && u.targetBefore && present.has(u.targetBefore)
        ? u.behind
        : commits.length < MAX_COMMITS_PER_REF
          ? commits.length
          : await git.countCommits(tip, exclude)
    out.set(u.ref, { total, commits })
  }
  return out
}
