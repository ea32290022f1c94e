import type { Action, AnalysedRef, PlannedRef, Status } from './record.js'

export interface PlanOptions {
  force: boolean
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

function backupRef(state: AnalysedRef, o: PlanOptions): string {
  return `${o.backupRefPrefix}${state.ref.slice('refs/'.length)}/${backupStamp(o.now)}`
}

const plural = (n: number | null, word: string) => `${n ?? 0} ${word}${n === 1 ? '' : 's'}`

const CONFLICT_CAUSE = {
  'target-ahead': 'target-ahead',
  diverged: 'diverged',
  'tag-moved': 'tag-moved'
} as const

function planned(state: AnalysedRef, action: Action, message: string, extra: Partial<PlannedRef> = {}) {
  return { ...state, action, message, backupRef: null, protected: null, cause: null, ...extra }
}

/** Overwrites are allowed only with `force`, and then always after a backup. */
function overwrite(
  state: AnalysedRef & { status: keyof typeof CONFLICT_CAUSE },
  o: PlanOptions,
  why: string
): PlannedRef {
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
  return action === 'create' || action === 'update' || action === 'force-update' || action === 'delete'
}

/** The one decision table of the product: analysed state + options → what to do, and why. */
export function planRef(state: AnalysedRef, o: PlanOptions): PlannedRef {
  const u = actionFor(state, o)
  if (
    o.syncWorkflows === false &&
    isWriteAction(u.action) &&
    u.action !== 'delete' &&
    o.touchesWorkflows?.has(u.ref)
  ) {
    const detail = 'the update changes .github/workflows/ and sync-workflows is false'
    return {
      ...u,
      action: 'hold',
      backupRef: null,
      message: `${u.message}, but ${detail}; held back`,
      cause: { kind: 'held-workflows', detail }
    }
  }
  return u
}

/** Marks writes to branches the target protects, so a refusal can be reported as such. */
export function markProtected(
  updates: PlannedRef[],
  protectedBranches: Set<string> | undefined
): PlannedRef[] {
  if (!protectedBranches) return updates
  return updates.map(u => (u.kind === 'branch' ? { ...u, protected: protectedBranches.has(u.name) } : u))
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
      return planned(state, 'none', 'target already matches the source')
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
  }
}

export function plan(states: AnalysedRef[], o: PlanOptions): PlannedRef[] {
  return states.map(s => planRef(s, o))
}

/** A planned ref that writes to the target. */
export const isWrite = (u: Pick<PlannedRef, 'action'>): boolean => isWriteAction(u.action)
