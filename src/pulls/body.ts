import type { PlannedRef } from '../record.js'
import { code, commit, text } from '../report/markdown.js'
import type { SyncReport } from '../report/schema.js'

/** Commits listed in a pull request's body; the count says how many there are in all. */
export const MAX_BODY_COMMITS = 20

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`

/** The run's page, when the runner says where it is. */
export function runLink(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env
  return server && repo && id ? `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${id}` : undefined
}

export const pullTitle = (u: PlannedRef, source: string) => `Mirror ${source} into ${u.name}`

/**
 * The pull request's description: why the branch is not updated directly, how far apart the two
 * sides are, the incoming commits (capped) and the run. Every remote text is escaped.
 */
export function pullBody(
  u: PlannedRef,
  source: SyncReport['source'],
  head: string,
  env: NodeJS.ProcessEnv
): string {
  const why = u.protected
    ? 'the target protects this branch, so the mirror cannot push to it'
    : 'the branch diverged from the source, so the mirror will not overwrite it'
  const out = [
    `**repo-mirror** does not update ${code(u.name)} directly: ${why}. This pull request proposes the source's tip from ${code(head)} instead; every mirror run keeps it current.`,
    '',
    `- **Source**: ${source.webUrl ? `[${text(source.repo)}](${source.webUrl})` : code(source.repo)} ${code(u.name)} at ${commit(source, u.sourceSha)}`,
    `- **Target ${code(u.name)}**: ${plural(u.ahead ?? 0, 'commit')} ahead of the source, ${u.behind ?? 0} behind`,
    ''
  ]
  const inc = u.incoming
  if (inc && inc.total > 0) {
    out.push(`### Incoming commits (${inc.total})`, '')
    const shown = inc.commits.slice(0, MAX_BODY_COMMITS)
    for (const c of shown)
      out.push(`- ${commit(source, c.sha)} ${text(c.subject)} — ${text(c.author)}, ${text(c.date)}`)
    if (inc.total > shown.length) out.push(`- …and ${inc.total - shown.length} more`)
    out.push('')
  }
  out.push(
    `Merge it to bring the source's commits into ${code(u.name)}. Once the branch holds the source's tip, the next run closes this pull request if it is still open.`
  )
  const run = runLink(env)
  if (run) out.push('', `<sub>Updated by [run ${text(env.GITHUB_RUN_ID ?? '')}](${run})</sub>`)
  return out.join('\n')
}
