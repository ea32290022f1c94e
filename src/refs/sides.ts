import * as core from '../runner.js'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { apiDefaultBranch, apiServes } from '../github/repo.js'
import type { Options } from '../inputs.js'
import { listRemote } from './remote.js'
import { literalPattern } from './select.js'
import type { RemoteRefs } from './types.js'

export interface Sides {
  sourceRefs: RemoteRefs
  targetRefs: RemoteRefs
  /** The branch patterns to apply: the input's, or the source's default branch. */
  branches: string[]
}

/**
 * Lists both sides at once and settles which branches are meant. On GitHub the API is the
 * authority on the default branch, asked alongside the listings; git's HEAD is read only where
 * the API cannot answer, since asking git for HEAD makes it list every ref the server has.
 */
export async function listSides(
  git: Git,
  remotes: { source: Remote; target: Remote },
  options: Options
): Promise<Sides> {
  const { source, target } = remotes
  const wantDefault = options.branches === 'default-branch'
  const apiMayTell = Boolean(source.githubRepo && source.token && apiServes(options.apiUrl, source))
  const [sourceRefs, targetRefs, apiDefault] = await Promise.all([
    listRemote(git, source, options.retries, wantDefault && !apiMayTell),
    listRemote(git, target, options.retries),
    wantDefault && apiMayTell ? apiDefaultBranch(source, options.apiUrl, options.retries) : undefined
  ])
  if (options.branches !== 'default-branch') return { sourceRefs, targetRefs, branches: options.branches }

  let defaultBranch = apiDefault ?? sourceRefs.defaultBranch
  if (!defaultBranch && apiMayTell)
    defaultBranch = (await listRemote(git, source, options.retries, true)).defaultBranch
  // The API names a default branch even for an empty repository: it must also exist in git.
  if (!defaultBranch || !sourceRefs.refs.has(`refs/heads/${defaultBranch}`))
    throw new Error(
      `${source.display} has no default branch (is it empty?): set 'branches' to the branches to mirror`
    )
  core.info(
    `branches: the source's default branch '${defaultBranch}' (from ${apiDefault ? 'the GitHub API' : "git's HEAD"})`
  )
  return { sourceRefs, targetRefs, branches: [literalPattern(defaultBranch)] }
}
