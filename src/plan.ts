import type { Cause } from './push/cause.js'
import type { RefKind, RefState } from './refs/types.js'
import type { Incoming } from './report/schema.js'

export type Status =
  | 'create'
  | 'up-to-date'
  | 'fast-forward'
  | 'target-ahead'
  | 'diverged'
  | 'tag-new'
  | 'tag-moved'
  | 'target-only'
  | 'restore'

/**
 * What the push will do to the target ref. `restore` puts a backup back (with a lease, like a
 * forced update); `pull-request` leaves the ref alone and proposes the source tip through a PR.
 */
export type Action =
  'none' | 'create' | 'update' | 'force-update' | 'delete' | 'skip' | 'hold' | 'restore' | 'pull-request'

export interface RefUpdate {
  ref: string
  name: string
  kind: RefKind
  status: Status
  action: Action
  sourceSha?: string
  /** The target's id as analysed: the lease's expected value ('' = must not exist). */
  targetSha?: string
  ahead?: number
  behind?: number
  /** Where the old target tip is saved before a forced update or a prune. */
  backupRef?: string
  reason: string
  /** The target's branch is protected (from the GitHub API): a write may be refused by a rule. */
  protectedBranch?: boolean
  /** The commits this update brings into the target (set after planning, for the report). */
  incoming?: Incoming
  /** Why a write was held back at plan time (a name conflict, the mass-deletion guard). */
  cause?: Cause
}

export interface PlanOptions {
  force: boolean
  /** Diverged branches are proposed through a pull request instead of being skipped. */
  pullRequests?: boolean
  prune: boolean
  backupRefPrefix: string
  /** UTC time used in backup ref names; passed in so planning stays pure. */
  now: Date
  /** false: refs whose update changes .github/workflows/ are held back (sync-workflows). */
  syncWorkflows?: boolean
  /** Refs whose update would change .github/workflows/ in the target (found by analysis). */
  touchesWorkflows?: Set<string>
}

/** yyyymmddThhmmssZ, the backup ref's last component. */
export function backupStamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
}

function backupRef(state: RefState, o: PlanOptions): string {
  return `${o.backupRefPrefix}${state.ref.slice('refs/'.length)}/${backupStamp(o.now)}`
}

const plural = (n: number | undefined, word: string) => `${n ?? 0} ${word}${n === 1 ? '' : 's'}`

/** Overwrites are allowed only with `force`, and then always after a backup. */
function overwrite(state: RefState, status: Status, o: PlanOptions, why: string): RefUpdate {
  const base = { ...pick(state), status }
  if (o.pullRequests && state.kind === 'branch' && status === 'diverged')
    return {
      ...base,
      action: 'pull-request',
      reason: `${why}; proposed through a pull request (on-conflict: pull-request)`
    }
  // The target already holds the source's tip (e.g. a merged mirror pull request): nothing to propose.
  if (o.pullRequests && state.kind === 'branch' && status === 'target-ahead')
    return {
      ...base,
      action: 'none',
      reason: `${why} and already contains the source's tip; nothing to propose (on-conflict: pull-request)`
    }
  if (!o.force)
    return {
      ...base,
      action: 'skip',
      reason: `${why}; left alone (set force to overwrite it, with a backup)`
    }
  const backup = backupRef(state, o)
  return {
    ...base,
    action: 'force-update',
    backupRef: backup,
    reason: `${why}; overwritten because force is set, old tip saved as ${backup}`
  }
}

function pick(s: RefState) {
  return {
    ref: s.ref,
    name: s.name,
    kind: s.kind,
    sourceSha: s.source,
    targetSha: s.target ?? '',
    ahead: s.ahead,
    behind: s.behind
  }
}

const WRITES = new Set<Action>(['create', 'update', 'force-update'])

/** The one decision table of the product: analysed state + options → what to do, and why. */
export function planUpdate(state: RefState, o: PlanOptions): RefUpdate {
  const u = decide(state, o)
  if (o.syncWorkflows === false && WRITES.has(u.action) && o.touchesWorkflows?.has(u.ref)) {
    const { backupRef: _dropped, ...rest } = u
    return {
      ...rest,
      action: 'hold',
      reason: `${u.reason}, but the update changes .github/workflows/ and sync-workflows is false; held back`
    }
  }
  return u
}

/** Marks writes to branches the target protects, so a refusal can be reported as such. */
export function markProtected(updates: RefUpdate[], protectedBranches: Set<string> | undefined): RefUpdate[] {
  if (!protectedBranches?.size) return updates
  return updates.map(u =>
    u.kind === 'branch' && u.action !== 'none' && protectedBranches.has(u.name)
      ? { ...u, protectedBranch: true }
      : u
  )
}

/**
 * With on-conflict: pull-request, updates of branches the target protects go through a pull request:
 * a direct push would be refused (GH006) and fail the step every run.
 */
export function proposeProtected(updates: RefUpdate[]): RefUpdate[] {
  return updates.map(u => {
    if (!u.protectedBranch || (u.action !== 'update' && u.action !== 'force-update')) return u
    const { backupRef: _none, ...rest } = u
    return {
      ...rest,
      action: 'pull-request',
      reason: `${u.reason.replace(/;.*$/, '')}; the target protects the branch: proposed through a pull request`
    }
  })
}

function decide(state: RefState, o: PlanOptions): RefUpdate {
  const tag = state.kind === 'tag'
  switch (state.relation) {
    case 'missing':
      return tag
        ? { ...pick(state), status: 'tag-new', action: 'create', reason: 'tag is new in the source' }
        : { ...pick(state), status: 'create', action: 'create', reason: 'branch is missing in the target' }
    case 'equal':
      return {
        ...pick(state),
        status: 'up-to-date',
        action: 'none',
        reason: 'target already matches the source'
      }
    case 'behind':
      return {
        ...pick(state),
        status: 'fast-forward',
        action: 'update',
        reason: `target is ${plural(state.behind, 'commit')} behind; fast-forward`
      }
    case 'ahead':
      return overwrite(
        state,
        'target-ahead',
        o,
        `target has ${plural(state.ahead, 'commit')} the source lacks`
      )
    case 'diverged':
      return overwrite(
        state,
        'diverged',
        o,
        `target and source diverged (target ${plural(state.ahead, 'commit')} ahead, ${state.behind ?? 0} behind)`
      )
    case 'moved':
      return overwrite(state, 'tag-moved', o, 'tag points elsewhere in the target')
    case 'target-only': {
      const base = { ...pick(state), status: 'target-only' as const }
      if (!o.prune)
        return {
          ...base,
          action: 'none',
          reason: `${tag ? 'tag' : 'branch'} exists only in the target; kept (prune is off)`
        }
      const backup = backupRef(state, o)
      return {
        ...base,
        action: 'delete',
        backupRef: backup,
        reason: `exists only in the target; pruned, old tip saved as ${backup}`
      }
    }
  }
}

export function plan(states: RefState[], o: PlanOptions): RefUpdate[] {
  return states.map(s => planUpdate(s, o))
}

/** An update that writes to the target (as opposed to none, skip, hold). */
export function isWrite(u: RefUpdate): boolean {
  return (
    u.action === 'create' ||
    u.action === 'update' ||
    u.action === 'force-update' ||
    u.action === 'delete' ||
    u.action === 'restore'
  )
}

/** A ref left diverged/ahead/moved because force was off: the step must fail for it. */
export function isConflict(u: RefUpdate): boolean {
  return u.action === 'skip'
}

/** Every proper parent path of a ref: refs/heads/a/b/c → refs/heads/a, refs/heads/a/b. */
function parents(ref: string): string[] {
  const parts = ref.split('/')
  const out: string[] = []
  for (let i = 3; i < parts.length; i++) out.push(parts.slice(0, i).join('/'))
  return out
}

/**
 * A ref cannot be both a name and a directory ('feature' and 'feature/x'): finds creates that a
 * ref of the target blocks. A blocker this plan deletes (prune) is gone before the create, since
 * deletions are pushed first; any other blocker holds the create back, naming it and the remedy.
 */
export function holdNameConflicts(updates: RefUpdate[], targetRefs: Iterable<string>): RefUpdate[] {
  const deleted = new Set(updates.filter(u => u.action === 'delete').map(u => u.ref))
  const remaining = [...targetRefs].filter(r => !deleted.has(r))
  const names = new Set(remaining)
  const dirs = new Map<string, string>()
  for (const r of remaining) for (const p of parents(r)) if (!dirs.has(p)) dirs.set(p, r)
  return updates.map(u => {
    if (u.action !== 'create') return u
    const blocker = parents(u.ref).find(p => names.has(p)) ?? dirs.get(u.ref)
    if (!blocker) return u
    const remedy = `delete or rename ${blocker} in the target, or select it and set prune so it is backed up and removed first`
    return {
      ...u,
      action: 'skip',
      reason: `the target's ${blocker} blocks it (a ref cannot also be a directory of refs): ${remedy}`,
      cause: { kind: 'name-conflict', detail: `${blocker} is in the way of ${u.ref}` }
    }
  })
}

/**
 * git matches an explicit destination with its abbreviation rules (refs/heads/<dst>,
 * refs/tags/<dst>, …) against every ref of the target, and the push that carries it fails as a
 * whole when more than one matches (or writes the wrong ref when only the odd one exists). Over
 * HTTP every push goes that way, so a write whose name some other target ref abbreviates to is
 * held, naming that ref; one this plan deletes first (prune) is no obstacle.
 */
export function holdAmbiguousNames(updates: RefUpdate[], targetRefs: Iterable<string>): RefUpdate[] {
  const deleted = new Set(updates.filter(u => u.action === 'delete').map(u => u.ref))
  const remaining = new Set([...targetRefs].filter(r => !deleted.has(r)))
  return updates.map(u => {
    if (!isWrite(u)) return u
    const blocker = [`refs/heads/${u.ref}`, `refs/tags/${u.ref}`].find(r => remaining.has(r))
    if (!blocker) return u
    return {
      ...u,
      action: 'skip',
      backupRef: undefined,
      reason: `the target's ${blocker} makes the name ${u.ref} ambiguous for git push: rename or delete ${blocker} (in the source too, if it is mirrored), or set prune if it exists only in the target`,
      cause: { kind: 'ambiguous-name', detail: `${blocker} also matches ${u.ref}` }
    }
  })
}

/** Prune deletes nothing when more than this share of the target's selected refs would go… */
export const MASS_PRUNE_SHARE = 0.5
/** …and more than this many refs: small repositories often drop a few of their few branches. */
export const MASS_PRUNE_MIN = 10

/**
 * The mass-deletion guard: a source that lists no selected ref (wrongly configured, being
 * recreated) never empties the target, and a prune of most of the target's selected refs waits for
 * allow-mass-prune. Held deletions are skipped with the reason; the caller fails the run with it.
 */
export function guardPrune(
  updates: RefUpdate[],
  allowMass: boolean
): { updates: RefUpdate[]; error?: string } {
  const deletes = updates.filter(u => u.action === 'delete')
  if (deletes.length === 0) return { updates }
  const sourceEmpty = !updates.some(u => u.sourceSha)
  const inTarget = updates.filter(u => u.targetSha).length
  const mass = deletes.length > MASS_PRUNE_MIN && deletes.length > inTarget * MASS_PRUNE_SHARE
  if (!sourceEmpty && (!mass || allowMass)) return { updates }
  const error = sourceEmpty
    ? `prune deleted nothing: the source lists none of the selected refs, which looks like a wrongly configured or emptied source; check source-repo, branches and tags (to empty the target, delete its refs by hand)`
    : `prune deleted nothing: it would delete ${deletes.length} of the target's ${inTarget} selected refs; check source-repo, branches and tags, or set allow-mass-prune: true if that is intended`
  const held = updates.map(u =>
    u.action === 'delete'
      ? {
          ...u,
          action: 'skip' as const,
          backupRef: undefined,
          reason: `exists only in the target; not pruned (mass-deletion guard: ${sourceEmpty ? 'the source lists no selected ref' : `${deletes.length} of ${inTarget} refs would go`})`,
          cause: { kind: 'mass-deletion' as const, detail: error }
        }
      : u
  )
  return { updates: held, error }
}
