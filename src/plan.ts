import type { Action, AnalysedRef, PlannedRef, Status } from './record.js'

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

/** Where a ref's current tip is saved before it is overwritten or deleted (in the repository written). */
export function backupRef(
  state: Pick<AnalysedRef, 'ref'>,
  o: Pick<PlanOptions, 'backupRefPrefix' | 'now'>
): string {
  return `${o.backupRefPrefix}${state.ref.slice('refs/'.length)}/${backupStamp(o.now)}`
}

const plural = (n: number | null, word: string) => `${n ?? 0} ${word}${n === 1 ? '' : 's'}`

const CONFLICT_CAUSE = {
  'target-ahead': 'target-ahead',
  diverged: 'diverged',
  'tag-moved': 'tag-moved'
} as const

/** A planned ref with nothing set beyond the action and why. */
export function planned(
  state: AnalysedRef,
  action: Action,
  message: string,
  extra: Partial<PlannedRef> = {}
): PlannedRef {
  return { ...state, action, message, backupRef: null, protected: null, cause: null, ...extra }
}

/** Overwrites are allowed only with `force`, and then always after a backup. */
function overwrite(
  state: AnalysedRef & { status: keyof typeof CONFLICT_CAUSE },
  o: PlanOptions,
  why: string
): PlannedRef {
  if (o.pullRequests && state.kind === 'branch' && state.status === 'diverged')
    return planned(
      state,
      'pull-request',
      `${why}; proposed through a pull request (on-conflict: pull-request)`
    )
  // The target already holds the source's tip (e.g. a merged mirror pull request): nothing to propose.
  if (o.pullRequests && state.kind === 'branch' && state.status === 'target-ahead')
    return planned(
      state,
      'none',
      `${why} and already contains the source's tip; nothing to propose (on-conflict: pull-request)`
    )
  if (!o.force)
    return planned(state, 'skip', `${why}; left alone (set force to overwrite it, with a backup)`, {
      cause: { kind: CONFLICT_CAUSE[state.status], detail: why }
    })
  const backup = backupRef(state, o)
  return planned(
    state,
    'force-update',
    `${why}; overwritten because force is set, old tip saved as ${backup}`,
    {
      backupRef: backup
    }
  )
}

/** An action that writes to the target (as opposed to none, skip, hold). */
function isWriteAction(action: Action): boolean {
  return (
    action === 'create' ||
    action === 'update' ||
    action === 'force-update' ||
    action === 'delete' ||
    action === 'restore'
  )
}

/** The one decision table of the product: analysed state + options → what to do, and why. */
export function planRef(state: AnalysedRef, o: PlanOptions): PlannedRef {
  const u = actionFor(state, o)
  return o.syncWorkflows === false ? holdWorkflowChange(u, o.touchesWorkflows) : u
}

/** Holds back a write that changes .github/workflows/ (sync-workflows: false). */
export function holdWorkflowChange(u: PlannedRef, touchesWorkflows: Set<string> | undefined): PlannedRef {
  if (!isWriteAction(u.action) || u.action === 'delete' || !touchesWorkflows?.has(u.ref)) return u
  const detail = 'the update changes .github/workflows/ and sync-workflows is false'
  return {
    ...u,
    action: 'hold',
    backupRef: null,
    message: `${u.message}, but ${detail}; held back`,
    cause: { kind: 'held-workflows', detail }
  }
}

/** Marks writes to branches the target protects, so a refusal can be reported as such. */
export function markProtected(
  updates: PlannedRef[],
  protectedBranches: Set<string> | undefined
): PlannedRef[] {
  if (!protectedBranches) return updates
  return updates.map(u => (u.kind === 'branch' ? { ...u, protected: protectedBranches.has(u.name) } : u))
}

/** What the plan says of a ref both sides already hold at the same id. */
export const UP_TO_DATE_MESSAGE = 'target already matches the source'

/**
 * With on-conflict: pull-request, updates of branches the target protects go through a pull request:
 * a direct push would be refused (GH006) and fail the step every run.
 */
export function proposeProtected(updates: PlannedRef[]): PlannedRef[] {
  return updates.map(u => {
    if (!u.protected || (u.action !== 'update' && u.action !== 'force-update')) return u
    return {
      ...u,
      action: 'pull-request',
      backupRef: null,
      message: `${u.message.replace(/;.*$/, '')}; the target protects the branch: proposed through a pull request`
    }
  })
}

function actionFor(state: AnalysedRef, o: PlanOptions): PlannedRef {
  const tag = state.kind === 'tag'
  const status: Status = state.status
  switch (status) {
    case 'create':
      return planned(state, 'create', 'branch is missing in the target')
    case 'tag-new':
      return planned(state, 'create', 'tag is new in the source')
    case 'up-to-date':
      return planned(state, 'none', UP_TO_DATE_MESSAGE)
    case 'fast-forward':
      return planned(state, 'update', `target is ${plural(state.behind, 'commit')} behind; fast-forward`)
    case 'target-ahead':
      return overwrite(
        { ...state, status },
        o,
        `target has ${plural(state.ahead, 'commit')} the source lacks`
      )
    case 'diverged':
      return overwrite(
        { ...state, status },
        o,
        `target and source diverged (target ${plural(state.ahead, 'commit')} ahead, ${state.behind ?? 0} behind)`
      )
    case 'tag-moved':
      return overwrite(
        { ...state, status },
        o,
        state.ahead === 0 && state.behind === 0
          ? 'tag object differs in the target but points at the same commit (a lightweight tag replaced by an annotated one, or re-annotated)'
          : 'tag points elsewhere in the target'
      )
    case 'target-only': {
      if (!o.prune)
        return planned(
          state,
          'none',
          `${tag ? 'tag' : 'branch'} exists only in the target; kept (prune is off)`
        )
      const backup = backupRef(state, o)
      return planned(state, 'delete', `exists only in the target; pruned, old tip saved as ${backup}`, {
        backupRef: backup
      })
    }
    case 'source-only':
    case 'restore':
      // Restores are planned from backups (src/restore/plan.ts), source-only refs by two-way sync
      // (src/plan/two-way.ts): neither comes from a one-way analysis.
      return planned(state, 'none', 'nothing to restore')
  }
}

export function plan(states: AnalysedRef[], o: PlanOptions): PlannedRef[] {
  return states.map(s => planRef(s, o))
}

/** A planned ref that writes to the target. */
export const isWrite = (u: Pick<PlannedRef, 'action'>): boolean => isWriteAction(u.action)

/** A planned ref the push leaves alone, with the reason and its cause. */
function heldBack(u: PlannedRef, message: string, cause: PlannedRef['cause']): PlannedRef {
  return { ...u, action: 'skip', backupRef: null, message, cause }
}

/** Every proper parent path of a ref: refs/heads/a/b/c → refs/heads/a, refs/heads/a/b. */
function parents(ref: string): string[] {
  const parts = ref.split('/')
  const out: string[] = []
  for (let i = 3; i < parts.length; i++) out.push(parts.slice(0, i).join('/'))
  return out
}

/** The target's refs that stay in place: those this plan does not delete first. */
function remainingRefs(updates: PlannedRef[], targetRefs: Iterable<string>): string[] {
  const deleted = new Set(updates.filter(u => u.action === 'delete').map(u => u.ref))
  return [...targetRefs].filter(r => !deleted.has(r))
}

/**
 * A ref cannot be both a name and a directory ('feature' and 'feature/x'): finds creates that a
 * ref of the target blocks. A blocker this plan deletes (prune) is gone before the create, since
 * deletions are pushed first; any other blocker holds the create back, naming it and the remedy.
 */
export function holdNameConflicts(updates: PlannedRef[], targetRefs: Iterable<string>): PlannedRef[] {
  // Only a new ref can collide; with none (a run in sync) the target's names need no index.
  if (!updates.some(u => u.action === 'create')) return updates
  const remaining = remainingRefs(updates, targetRefs)
  const names = new Set(remaining)
  const dirs = new Map<string, string>()
  for (const r of remaining) for (const p of parents(r)) if (!dirs.has(p)) dirs.set(p, r)
  return updates.map(u => {
    if (u.action !== 'create') return u
    const blocker = parents(u.ref).find(p => names.has(p)) ?? dirs.get(u.ref)
    if (!blocker) return u
    const remedy = `delete or rename ${blocker} in the target, or select it and set prune so it is backed up and removed first`
    return heldBack(
      u,
      `the target's ${blocker} blocks it (a ref cannot also be a directory of refs): ${remedy}`,
      { kind: 'name-conflict', detail: `${blocker} is in the way of ${u.ref}` }
    )
  })
}

/**
 * git matches an explicit destination with its abbreviation rules (refs/heads/<dst>,
 * refs/tags/<dst>, …) against every ref of the target, and the push that carries it fails as a
 * whole when more than one matches (or writes the wrong ref when only the odd one exists). Over
 * HTTP every push goes that way, so a write whose name some other target ref abbreviates to is
 * held, naming that ref; one this plan deletes first (prune) is no obstacle.
 */
export function holdAmbiguousNames(updates: PlannedRef[], targetRefs: Iterable<string>): PlannedRef[] {
  if (!updates.some(isWrite)) return updates
  const remaining = new Set(remainingRefs(updates, targetRefs))
  return updates.map(u => {
    if (!isWrite(u)) return u
    const blocker = [`refs/heads/${u.ref}`, `refs/tags/${u.ref}`].find(r => remaining.has(r))
    if (!blocker) return u
    return heldBack(
      u,
      `the target's ${blocker} makes the name ${u.ref} ambiguous for git push: rename or delete ${blocker} (in the source too, if it is mirrored), or set prune if it exists only in the target`,
      { kind: 'ambiguous-name', detail: `${blocker} also matches ${u.ref}` }
    )
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
  updates: PlannedRef[],
  allowMass: boolean
): { updates: PlannedRef[]; error?: string } {
  const deletes = updates.filter(u => u.action === 'delete')
  if (deletes.length === 0) return { updates }
  const sourceEmpty = !updates.some(u => u.sourceSha)
  const inTarget = updates.filter(u => u.targetBefore).length
  const mass = deletes.length > MASS_PRUNE_MIN && deletes.length > inTarget * MASS_PRUNE_SHARE
  if (!sourceEmpty && (!mass || allowMass)) return { updates }
  const error = sourceEmpty
    ? `prune deleted nothing: the source lists none of the selected refs, which looks like a wrongly configured or emptied source; check source-repo, branches and tags (to empty the target, delete its refs by hand)`
    : `prune deleted nothing: it would delete ${deletes.length} of the target's ${inTarget} selected refs; check source-repo, branches and tags, or set allow-mass-prune: true if that is intended`
  const held = updates.map(u =>
    u.action === 'delete'
      ? heldBack(
          u,
          `exists only in the target; not pruned (mass-deletion guard: ${sourceEmpty ? 'the source lists no selected ref' : `${deletes.length} of ${inTarget} refs would go`})`,
          { kind: 'mass-deletion', detail: error }
        )
      : u
  )
  return { updates: held, error }
}

/** A write the action makes for itself (a pull request's branch, an expired backup's deletion). */
export function plannedWrite(
  w: Pick<
    PlannedRef,
    'ref' | 'name' | 'kind' | 'status' | 'action' | 'sourceSha' | 'targetBefore' | 'message'
  >
): PlannedRef {
  return { ...w, ahead: null, behind: null, backupRef: null, protected: null, cause: null }
}
