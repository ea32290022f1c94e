import type { Git } from '../git/git.js'
import type { RefUpdate } from '../plan.js'
import type { Incoming } from '../report/schema.js'
import { presentObjects } from './fetch.js'
import type { RemoteRefs } from './types.js'

/** Commits listed per ref (newest first); the total is always counted. */
export const MAX_COMMITS_PER_REF = 20
/**
 * Refs whose incoming commits are read: two git processes each, so a first mirror of thousands
 * of branches does not pay thousands of history walks. The rest are reported without the list.
 */
export const MAX_REFS_WITH_COMMITS = 200

const BRINGS = new Set<RefUpdate['action']>(['create', 'update', 'force-update', 'pull-request'])
const SEP = '\u001f'

/**
 * What each update brings into the target: the commits reachable from its new tip and from no
 * ref the target has — exactly what the push sends. Read from the work repository, which holds
 * the source history analysis fetched; target tips it lacks cannot be ancestors of the source
 * tips there (analysis fetched until they were, or proved they are not).
 */
export async function incomingCommits(
  git: Git,
  updates: RefUpdate[],
  targetRefs: RemoteRefs
): Promise<Map<string, Incoming>> {
  const out = new Map<string, Incoming>()
  const wanted = updates.filter(u => BRINGS.has(u.action) && u.sourceSha).slice(0, MAX_REFS_WITH_COMMITS)
  if (wanted.length === 0) return out
  const present = await presentObjects(git, [...new Set(targetRefs.refs.values())])
  const not = [...present].map(id => `^${id}`).join('\n')
  for (const u of wanted) {
    const input = `${u.sourceSha}\n${not}\n`
    const log = await git.run(
      [
        'log',
        `--max-count=${MAX_COMMITS_PER_REF}`,
        `--format=%H${SEP}%an${SEP}%aI${SEP}%s`,
        '--no-decorate',
        '--stdin'
      ],
      { input }
    )
    const commits = log.stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [sha, author, date, subject] = line.split(SEP) as [string, string, string, string]
        return { sha, author, date, subject: subject ?? '' }
      })
    // A fast-forward's count is known from analysis; anything else is counted here.
    const total =
      u.action === 'update' && u.behind !== undefined && present.has(u.targetSha ?? '')
        ? u.behind
        : commits.length < MAX_COMMITS_PER_REF
          ? commits.length
          : Number((await git.run(['rev-list', '--count', '--stdin'], { input })).stdout.trim())
    out.set(u.ref, { total, commits })
  }
  return out
}
