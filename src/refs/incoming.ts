import type { DatedCommit, Git } from '../git/git.js'
import type { Incoming, PlannedRef } from '../record.js'
import type { RemoteRefs } from './types.js'

/** Commits listed per ref (newest first); the total is always counted. */
export const MAX_COMMITS_PER_REF = 20
/** Refs whose incoming commits are listed: the rest are reported without the list, so a first
 * mirror of thousands of branches does not fill the report with the same commits. */
export const MAX_REFS_WITH_COMMITS = 200

const BRINGS = new Set<PlannedRef['action']>(['create', 'update', 'force-update', 'pull-request'])

/**
 * What each update brings into the target: the commits reachable from its new tip and from no
 * ref the target has — exactly what the push sends. Read from the work repository, which holds
 * the source history analysis fetched; target tips it lacks cannot be ancestors of the source
 * tips there (analysis fetched until they were, or proved they are not). Two git processes for
 * any number of refs: one walk of the new commits, then the listed ones' subjects.
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
  const graph = new Map<string, DatedCommit>()
  for (const c of await git.datedCommits([...new Set(wanted.map(u => u.sourceSha!))], [...present]))
    graph.set(c.sha, c)
  const listed = new Map<string, { total: number; ids: string[] }>()
  for (const u of wanted) {
    const tip = u.sourceSha!
    // A fast-forward's count is known from analysis; anything else is counted here.
    const known =
      u.action === 'update' && u.behind !== null && u.targetBefore && present.has(u.targetBefore)
        ? u.behind
        : undefined
    const ids = newestFirst(graph, tip, MAX_COMMITS_PER_REF)
    listed.set(u.ref, {
      total: known ?? (ids.length < MAX_COMMITS_PER_REF ? ids.length : reachable(graph, tip)),
      ids
    })
  }
  const summaries = new Map(
    (await git.commitSummaries([...new Set([...listed.values()].flatMap(l => l.ids))])).map(c => [c.sha, c])
  )
  for (const [ref, { total, ids }] of listed)
    out.set(ref, { total, commits: ids.map(id => summaries.get(id)).filter(c => c !== undefined) })
  return out
}

/**
 * The first `max` commits `git log <tip>` would print: a walk that always takes the newest
 * committer time next, first come first served among equal times.
 */
function newestFirst(graph: Map<string, DatedCommit>, tip: string, max: number): string[] {
  const first = graph.get(tip)
  if (!first) return []
  const queue: { c: DatedCommit; order: number }[] = [{ c: first, order: 0 }]
  const seen = new Set([tip])
  const ids: string[] = []
  let order = 1
  while (queue.length > 0 && ids.length < max) {
    let best = 0
    for (let i = 1; i < queue.length; i++) {
      const q = queue[i]!
      const b = queue[best]!
      if (q.c.time > b.c.time || (q.c.time === b.c.time && q.order < b.order)) best = i
    }
    const { c } = queue.splice(best, 1)[0]!
    ids.push(c.sha)
    for (const p of c.parents) {
      const pc = graph.get(p)
      if (pc && !seen.has(p)) {
        seen.add(p)
        queue.push({ c: pc, order: order++ })
      }
    }
  }
  return ids
}

/** How many of the walk's commits `tip` reaches. */
function reachable(graph: Map<string, DatedCommit>, tip: string): number {
  if (!graph.has(tip)) return 0
  const seen = new Set([tip])
  for (const stack = [tip]; stack.length > 0;)
    for (const p of graph.get(stack.pop()!)!.parents)
      if (graph.has(p) && !seen.has(p)) {
        seen.add(p)
        stack.push(p)
      }
  return seen.size
}
