import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { withRetries } from '../git/retry.js'

/** One backup ref on the target: `<prefix><heads|tags>/<name>/<yyyymmddThhmmssZ>`. */
export interface Backup {
  /** The backup ref itself. */
  ref: string
  sha: string
  /** The ref it saved, e.g. refs/heads/main. */
  of: string
  stamp: string
}

const STAMP = /^\d{8}T\d{6}Z$/

/** Reads backup refs out of a listing; anything under the prefix that is not one is ignored. */
export function parseBackups(refs: Map<string, string>, prefix: string): Backup[] {
  const out: Backup[] = []
  for (const [ref, sha] of refs) {
    if (!ref.startsWith(prefix)) continue
    const rest = ref.slice(prefix.length)
    const cut = rest.lastIndexOf('/')
    const stamp = rest.slice(cut + 1)
    const of = `refs/${rest.slice(0, cut)}`
    if (cut < 0 || !STAMP.test(stamp) || !/^refs\/(heads|tags)\/./.test(of)) continue
    out.push({ ref, sha, of, stamp })
  }
  // Oldest first within each ref: the stamps sort as times.
  return out.sort((a, b) => a.of.localeCompare(b.of) || a.stamp.localeCompare(b.stamp))
}

/** The target's backup refs under the prefix (one ls-remote of that namespace only). */
export async function listBackups(
  git: Git,
  target: Remote,
  prefix: string,
  retries: number
): Promise<Backup[]> {
  const refs = await withRetries(retries, `list backups in ${target.display}`, () =>
    git.listRemoteRefs(target, [`${prefix}*`])
  )
  return parseBackups(refs, prefix)
}

/** The time a stamp names. */
export function stampTime(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp)!
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  return Date.UTC(y, mo - 1, d, h, mi, s)
}
