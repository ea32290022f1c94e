import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { parseRefList } from '../git/ref-list.js'
import { withRetries } from '../git/retry.js'
import { kindOf, type RemoteRefs } from './types.js'

/** Parses `git ls-remote --symref` output, keeping only branches and tags. */
function parseLsRemote(stdout: string): RemoteRefs {
  // Line by line, not with the m flag: that would also split lines at U+2028, which a ref name may hold.
  const HEAD_LINE = /^ref: refs\/heads\/([^\t\n]+)\tHEAD$/
  // Only a line starting with 'ref: ' can be it: searching for those spares splitting every line.
  const starts = stdout.startsWith('ref: ') ? [0] : []
  for (let i = stdout.indexOf('\nref: '); i >= 0; i = stdout.indexOf('\nref: ', i + 1)) starts.push(i + 1)
  let sym: RegExpExecArray | null = null
  for (const at of starts) {
    const end = stdout.indexOf('\n', at)
    if ((sym = HEAD_LINE.exec(stdout.slice(at, end < 0 ? undefined : end)))) break
  }
  // Anything outside heads/tags (HEAD, refs/pull/*) is never mirrored.
  return { refs: parseRefList(stdout, kindOf), defaultBranch: sym?.[1] }
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
  const stdout = await withRetries(retries, `list ${remote.display}`, () => git.listRemote(remote, withHead))
  return parseLsRemote(stdout)
}
