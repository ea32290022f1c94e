export type RefKind = 'branch' | 'tag'

/** One side's refs as `git ls-remote` reports them (annotated tags keep their tag object id). */
export interface RemoteRefs {
  /** Full ref name (refs/heads/x, refs/tags/v1) → object id. */
  refs: Map<string, string>
  /** Short name of the branch HEAD points at, when the remote says. */
  defaultBranch?: string
}

export type Relation = 'missing' | 'equal' | 'behind' | 'ahead' | 'diverged' | 'moved' | 'target-only'

/** What analysis learned about one selected ref; the only input of planning besides options. */
export interface RefState {
  ref: string
  name: string
  kind: RefKind
  source?: string
  target?: string
  relation: Relation
  /** Commits on the target that the source lacks. */
  ahead?: number
  /** Commits on the source that the target lacks. */
  behind?: number
}

export const HEADS = 'refs/heads/'
export const TAGS = 'refs/tags/'

export function kindOf(ref: string): RefKind | undefined {
  if (ref.startsWith(HEADS)) return 'branch'
  if (ref.startsWith(TAGS)) return 'tag'
  return undefined
}

export function shortName(ref: string): string {
  return ref.replace(/^refs\/(heads|tags)\//, '')
}
