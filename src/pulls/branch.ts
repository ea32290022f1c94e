import type { Options } from '../inputs.js'

/** A branch pull requests are opened from: owned by the action, never mirrored or pruned. */
export function isMirrorBranch(ref: string, options: Pick<Options, 'onConflict' | 'pullRequestPrefix'>) {
  return options.onConflict === 'pull-request' && ref.startsWith(`refs/heads/${options.pullRequestPrefix}`)
}
