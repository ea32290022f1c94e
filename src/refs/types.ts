import type { RefKind } from '../record.js'

/** One side's refs as `git ls-remote` reports them (annotated tags keep their tag object id). */
export interface RemoteRefs {
  /** Full ref name (refs/heads/x, refs/tags/v1) → object id. */
  refs: Map<string, string>
  /** Short name of the branch HEAD points at, when the remote says. */
  defaultBranch?: string
}

export const HEADS = 'refs/heads/'
export const TAGS = 'refs/tags/'

export function kindOf(ref: string): RefKind | undefined {
  if (ref.startsWith(HEADS)) return 'branch'
  if (ref.startsWith(TAGS)) return 'tag'
  return undefined
}

export function shortName(ref: string): string {
  return ref.startsWith(HEADS) ? ref.slice(HEADS.length) : ref.startsWith(TAGS) ? ref.slice(TAGS.length) : ref
}
