import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { withRetries } from '../git/retry.js'
import { kindOf, type RemoteRefs } from './types.js'

/**
 * One `<id>TAB<ref>` line of `git ls-remote` (or packed-refs with a space), as [ref, id]. A ref name
 * runs to the end of the line: git allows any character but controls in it, Unicode whitespace such
 * as U+2028 included, so nothing narrower than "not a tab or newline" may be assumed.
 */
const REF_LINE = /^([0-9a-f]{40,64})\t([^\t\n]+)$/

/** Every ref of `git ls-remote` output (peeled `^{}` lines left out), name → id. */
export function parseRefList(stdout: string): Map<string, string> {
  const refs = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const m = REF_LINE.exec(line)
    if (m && !m[2]!.endsWith('^{}')) refs.set(m[2]!, m[1]!)
  }
  return refs
}

/** Parses `git ls-remote --symref` output, keeping only branches and tags. */
export function parseLsRemote(stdout: string): RemoteRefs {
  // Line by line, not with the m flag: that would also split lines at U+2028, which a ref name may hold.
  const sym = stdout
    .split('\n')
    .map(line => /^ref: refs\/heads\/([^\t\n]+)\tHEAD$/.exec(line))
    .find(Boolean)
  // Anything outside heads/tags (HEAD, refs/pull/*) is never mirrored.
  const refs = new Map([...parseRefList(stdout)].filter(([ref]) => kindOf(ref)))
  return { refs, defaultBranch: sym?.[1] }
}

/**
 * Lists a remote's branches and tags without downloading objects. `--heads --tags` lets the server
 * send only those (protocol v2 ref-prefix: GitHub's thousands of refs/pull/* stay home); only when
 * the default branch must come from git is HEAD asked for, which git 2.39 cannot filter.
 */
export async function listRemote(
  git: Git,
  remote: Remote,
  retries: number,
  withHead = false
): Promise<RemoteRefs> {
  const args = withHead
    ? ['ls-remote', '--symref', '--', remote.url, 'HEAD', 'refs/heads/*', 'refs/tags/*']
    : ['ls-remote', '--heads', '--tags', '--', remote.url]
  const result = await withRetries(retries, `list ${remote.display}`, () => git.run(args, { remote }))
  return parseLsRemote(result.stdout)
}
