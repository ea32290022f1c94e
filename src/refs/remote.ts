import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { withRetries } from '../git/retry.js'
import { kindOf, type RemoteRefs } from './types.js'

/** Parses `git ls-remote --symref` output, keeping only branches and tags. */
function parseLsRemote(stdout: string): RemoteRefs {
  const refs = new Map<string, string>()
  let defaultBranch: string | undefined
  for (const line of stdout.split('\n')) {
    const sym = /^ref: refs\/heads\/(\S+)\tHEAD$/.exec(line)
    if (sym) {
      defaultBranch = sym[1]
      continue
    }
    const m = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line)
    // Peeled lines (^{}) and anything outside heads/tags (HEAD, refs/pull/*) are never mirrored.
    if (!m || m[2]!.endsWith('^{}') || !kindOf(m[2]!)) continue
    refs.set(m[2]!, m[1]!)
  }
  return { refs, defaultBranch }
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
