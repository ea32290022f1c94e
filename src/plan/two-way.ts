import { backupRef, isWrite, planned, planRef } from '../plan.js'
import type { AnalysedRef, Outcome, PlannedRef, Side } from '../record.js'
import { memoryRef } from '../refs/memory.js'

/** A ref's last agreed tip as each repository remembers it (absent: never synced, or forgotten). */
export interface Remembered {
  source?: string
  target?: string
}

/** What analysis learned about a ref (source and target as the inputs name them), and its memory. */
export interface TwoWayState extends AnalysedRef {
  memory: Remembered
}

export interface TwoWayOptions {
  /** The source side wins a conflict: the target is overwritten (or its deletion stands). */
  force: boolean
  /** A ref deleted on one side since the last sync, unchanged on the other, is deleted there too. */
  prune: boolean
  backupRefPrefix: string
  /** UTC time used in backup ref names; passed in so planning stays pure. */
  now: Date
}

const plural = (n: number | null, word: string) => `${n ?? 0} ${word}${n === 1 ? '' : 's'}`
const sideName = (side: Side) => (side === 'source' ? 'the source' : 'the target')

/** Was this tip the agreed one at some sync? Either repository's memory counts (one write may have failed). */
const remembers = (m: Remembered, id: string | null) => id !== null && (m.source === id || m.target === id)
const synced = (m: Remembered) => m.source !== undefined || m.target !== undefined

/**
 * A ref one side has and the other lacks. Never synced: created on the other side. Synced, and the
 * side that has it has not moved since: the other side deleted it, which prune carries over (after
 * a backup) and which is otherwise kept as it is: never recreated. Synced and moved since: deleted
 * on one side, changed on the other, a conflict that force settles the source's way.
 */
function oneSided(s: AnalysedRef, memory: Remembered, o: TwoWayOptions): PlannedRef {
  const has: Side = s.sourceSha ? 'source' : 'target'
  const lacks: Side = has === 'source' ? 'target' : 'source'
  const tip = has === 'source' ? s.sourceSha : s.targetBefore
  const what = s.kind === 'tag' ? 'tag' : 'branch'
  const base: AnalysedRef = { ...s, status: has === 'source' ? 'source-only' : 'target-only' }
  const write = (action: PlannedRef['action'], side: Side, message: string, backup: string | null = null) =>
    planned(base, action, message, { side, backupRef: backup })
  if (!synced(memory))
    return write(
      'create',
      lacks,
      `${what} is new in ${sideName(has)} (never synced); created in ${sideName(lacks)}`
    )
  if (remembers(memory, tip)) {
    const why = `deleted in ${sideName(lacks)} since the last sync, unchanged in ${sideName(has)}`
    if (!o.prune) return planned(base, 'none', `${why}; kept there and not recreated (prune is off)`)
    const backup = backupRef(s, o)
    return write('delete', has, `${why}; deleted there too, old tip saved as ${backup}`, backup)
  }
  const why = `deleted in ${sideName(lacks)} since the last sync, moved in ${sideName(has)}`
  if (!o.force)
    return planned(base, 'skip', `${why}; left alone (set force to let the source win)`, {
      cause: { kind: 'diverged', detail: why }
    })
  // The source wins: its tip comes back to the target, or its deletion reaches the target.
  if (has === 'source')
    return write('create', 'target', `${why}; recreated in the target because force is set`)
  if (!o.prune) return planned(base, 'none', `${why}; kept in the target (force is set, but prune is off)`)
  const backup = backupRef(s, o)
  return write('delete', 'target', `${why}; deleted because force is set, old tip saved as ${backup}`, backup)
}

/**
 * The two-way decision table: per ref, the side that is behind is fast-forwarded, a ref new on one
 * side is created on the other, deletions are judged against the remembered last-synced tip, and
 * refs changed on both sides (branches neither of which contains the other, tags that differ) are
 * conflicts decided like one-way ones (`force`: the source wins, after a backup of the target).
 */
export function planTwoWay(states: TwoWayState[], o: TwoWayOptions): PlannedRef[] {
  return states.map(({ memory, ...s }): PlannedRef => {
    switch (s.status) {
      case 'target-ahead':
        return planned(
          { ...s, status: 'fast-forward' },
          'update',
          `source is ${plural(s.ahead, 'commit')} behind the target; fast-forward`,
          { side: 'source' }
        )
      case 'target-only':
      case 'create':
      case 'tag-new':
        return oneSided(s, memory, o)
      default: {
        // Equal, target behind, diverged, moved tag: exactly as one way (writes go to the target).
        const u = planRef(s, { ...o, prune: false })
        return isWrite(u) ? { ...u, side: 'target' } : u
      }
    }
  })
}

/** The side the plan names the ids of as `sourceSha` (the other one's are `targetBefore`). */
function flip(u: PlannedRef): PlannedRef {
  return { ...u, sourceSha: u.targetBefore, targetBefore: u.sourceSha, ahead: u.behind, behind: u.ahead }
}

/**
 * The plan as the repository `side` sees it: that repository is the target (its ids are
 * `targetBefore`, the other's `sourceSha`) and the other repository's writes are nothing. This is
 * what the one-way holds, the push and the LFS copy take.
 */
export function viewOf(updates: PlannedRef[], side: Side): PlannedRef[] {
  return updates.map(u => {
    const seen = side === 'source' ? flip(u) : u
    return u.side !== side && isWrite(u) ? { ...seen, action: 'none' } : seen
  })
}

/** Takes back what one side's holds decided about its own writes (a view of `updates`, same order). */
export function mergeView(updates: PlannedRef[], view: PlannedRef[], side: Side): PlannedRef[] {
  return updates.map((u, i) => {
    if (u.side !== side || !isWrite(u)) return u
    const v = view[i]!
    return { ...(side === 'source' ? flip(v) : v), side }
  })
}

/** What a side holds after the run (null: absent), or undefined when not known (its write failed). */
function after(u: PlannedRef, side: Side, outcomes: Map<string, Outcome>): { id: string | null } | undefined {
  const before = side === 'source' ? u.sourceSha : u.targetBefore
  if (u.side !== side || !isWrite(u)) return { id: before }
  const o = outcomes.get(u.ref)
  if (o?.result !== 'applied') return undefined
  return { id: o.targetAfter }
}

/**
 * The memory writes a finished run makes, per side: every ref both repositories now agree on is
 * remembered at that tip, and a ref gone from both (or selected, remembered and absent on either
 * side: `forgotten`) is forgotten. A ref the sides still disagree on keeps its old memory, which is
 * what later runs judge deletions and moves against. Each write is leased on the memory's current
 * value, like any other update.
 */
export function memoryWrites(
  updates: PlannedRef[],
  outcomes: Record<Side, Map<string, Outcome>>,
  memory: Map<string, Remembered>,
  forgotten: string[] = []
): Record<Side, PlannedRef[]> {
  const out: Record<Side, PlannedRef[]> = { source: [], target: [] }
  const agreed = new Map<string, string | null>()
  for (const u of updates) {
    const a = after(u, 'source', outcomes.source)
    const b = after(u, 'target', outcomes.target)
    if (a && b && a.id === b.id) agreed.set(u.ref, a.id)
  }
  for (const ref of forgotten) if (!agreed.has(ref)) agreed.set(ref, null)
  for (const [ref, id] of agreed) {
    const m = memory.get(ref) ?? {}
    for (const side of ['source', 'target'] as const) {
      const had = m[side] ?? null
      if (had === id) continue
      const name = memoryRef(ref)
      const state: AnalysedRef = {
        ref: name,
        name,
        kind: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
        status: 'up-to-date',
        sourceSha: id,
        targetBefore: had,
        ahead: null,
        behind: null
      }
      out[side].push(
        id
          ? planned(state, 'force-update', `remembered as the last synced tip of ${ref}`)
          : planned(state, 'delete', `${ref} is gone from both sides: forgotten`)
      )
    }
  }
  return out
}
