import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { withRetries } from '../git/retry.js'

/**
 * Where two-way sync remembers each ref's last agreed tip, in both repositories: outside
 * refs/heads and refs/tags, so nothing ever checks it out, mirrors or clones it by default.
 */
export const MEMORY_PREFIX = 'refs/mirror-sync/'

/** refs/heads/main → refs/mirror-sync/heads/main. */
export function memoryRef(ref: string): string {
  return MEMORY_PREFIX + ref.slice('refs/'.length)
}

/** refs/mirror-sync/heads/main → refs/heads/main. */
export function refOfMemory(memory: string): string {
  return 'refs/' + memory.slice(MEMORY_PREFIX.length)
}

/** One side's memory: the remembered refs under MEMORY_PREFIX, as the side lists them. */
export async function listMemory(git: Git, remote: Remote, retries: number): Promise<Map<string, string>> {
  const refs = await withRetries(retries, `list ${remote.display}`, () =>
    git.listRemoteRefs(remote, [`${MEMORY_PREFIX}*`])
  )
  return new Map([...refs].filter(([ref]) => ref.startsWith(MEMORY_PREFIX)))
}
