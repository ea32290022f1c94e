import type { PushOutcome } from '../apply.js'
import { backupRef, isWrite, pick, planUpdate, type RefUpdate, type Side } from '../plan.js'
import { memoryRef } from '../refs/memory.js'
import type { RefState } from '../refs/types.js'

/** A ref's last agreed tip as each repository remembers it (absent: never synced, or forgotten). */
export interface Remembered {
  source?: string
  target?: string
}

/** What analysis learned about a ref (source and target as the inputs name them), and its memory. */
export interface TwoWayState extends RefState {
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

const plural = (n: number | undefined, word: string) => `${n ?? 0} ${word}${n === 1 ? '' : 's'}`
const sideName = (side: Side) => (side === 'source' ? 'the source' : 'the target')

/** Was this tip the agreed one at some sync? Either repository's memory counts (one write may have failed). */
const remembers = (m: Remembered, id: string | undefined) =>
  id !== undefined && (m.source === id || m.target === id)
const synced = (m: Remembered) => m.source !== undefined || m.target !== undefined

/**
 * A ref one side has and the other lacks. Never synced: created on the other side. Synced, and the
 * side that has it has not moved since: the other side deleted it, which prune carries over (after
 * a backup) and which is otherwise kept as it is: never recreated. Synced and moved since: deleted
 * on one side, changed on the other, a conflict that force settles the source's way.
 */
function oneSided(s: TwoWayState, o: TwoWayOptions): RefUpdate {
  const has: Side = s.source ? 'source' : 'target'
  const lacks: Side = has === 'source' ? 'target' : 'source'
  const tip = has === 'source' ? s.source : s.target
  const what = s.kind === 'tag' ? 'tag' : 'branch'
  const base = { ...pick(s), status: has === 'source' ? ('source-only' as const) : ('target-only' as const) }
  if (!synced(s.memory))
    return {
      ...base,
      action: 'create',
      side: lacks,
      reason: `${what} is new in ${sideName(has)} (never synced); created in ${sideName(lacks)}`
    }
  if (remembers(s.memory, tip)) {
    const why = `deleted in ${sideName(lacks)} since the last sync, unchanged in ${sideName(has)}`
    if (!o.prune)
      return { ...base, action: 'none', reason: `${why}; kept there and not recreated (prune is off)` }
    const backup = backupRef(s, o)
    return {
      ...base,
      action: 'delete',
      side: has,
      backupRef: backup,
      reason: `${why}; deleted there too, old tip saved as ${backup}`
    }
  }
  const why = `deleted in ${sideName(lacks)} since the last sync, moved in ${sideName(has)}`
  const cause = { kind: 'diverged' as const, detail: why }
  if (!o.force)
    return {
      ...base,
      action: 'skip',
      cause,
      reason: `${why}; left alone (set force to let the source win)`
    }
  // The source wins: its tip comes back to the target, or its deletion reaches the target.
  if (has === 'source')
    return {
      ...base,
      action: 'create',
      side: 'target',
      reason: `${why}; recreated in the target because force is set`
    }
  if (!o.prune)
    return { ...base, action: 'none', reason: `${why}; kept in the target (force is set, but prune is off)` }
  const backup = backupRef(s, o)
  return {
    ...base,
    action: 'delete',
    side: 'target',
    backupRef: backup,
    reason: `${why}; deleted because force is set, old tip saved as ${backup}`
  }
}

/**
 * The two-way decision table: per ref, the side that is behind is fast-forwarded, a ref new on one
 * side is created on the other, deletions are judged against the remembered last-synced tip, and
 * refs changed on both sides (branches neither of which contains the other, tags that differ) are
 * conflicts decided like one-way ones (`force`: the source wins, after a backup of the target).
 */
export function planTwoWay(states: TwoWayState[], o: TwoWayOptions): RefUpdate[] {
  return states.map((s): RefUpdate => {
    switch (s.relation) {
      case 'ahead':
        return {
          ...pick(s),
          status: 'fast-forward',
          action: 'update',
          side: 'source',
          reason: `source is ${plural(s.ahead, 'commit')} behind the target; fast-forward`
        }
      case 'target-only':
      case 'missing':
        return oneSided(s, o)
      default: {
        // Equal, target behind, diverged, moved tag: exactly as one way (writes go to the target).
        const u = planUpdate(s, { ...o, prune: false })
        return isWrite(u) ? { ...u, side: 'target' } : u
      }
    }
  })
}

/** The side the plan names the ids of as `sourceSha` (the other one's are `targetSha`). */
function flip(u: RefUpdate): RefUpdate {
  return {
    ...u,
    sourceSha: u.targetSha || undefined,
    targetSha: u.sourceSha ?? '',
    ahead: u.behind,
    behind: u.ahead
  }
}

/**
 * The plan as the repository `side` sees it: that repository is the target (its ids are `targetSha`,
 * the other's `sourceSha`) and the other repository's writes are nothing. This is what the one-way
 * holds, the push and the LFS copy take.
 */
export function viewOf(updates: RefUpdate[], side: Side): RefUpdate[] {
  return updates.map(u => {
    const seen = side === 'source' ? flip(u) : u
    return u.side !== side && isWrite(u) ? { ...seen, action: 'none' } : seen
  })
}

/** Takes back what one side's holds decided about its own writes (a view of `updates`, same order). */
export function mergeView(updates: RefUpdate[], view: RefUpdate[], side: Side): RefUpdate[] {
  return updates.map((u, i) => {
    if (u.side !== side || !isWrite(u)) return u
    const v = view[i]!
    return { ...(side === 'source' ? flip(v) : v), side }
  })
}

/** What a side holds after the run, or undefined when not known (its write failed). */
function after(u: RefUpdate, side: Side, outcomes: Map<string, PushOutcome>): { id?: string } | undefined {
  const before = side === 'source' ? u.sourceSha : u.targetSha || undefined
  if (u.side !== side || !isWrite(u)) return { id: before }
  const o = outcomes.get(u.ref)
  if (o?.result !== 'applied') return undefined
  return { id: o.targetAfter || undefined }
}

/**
 * The memory writes a finished run makes, per side: every ref both repositories now agree on is
 * remembered at that tip, and a ref gone from both (or selected, remembered and absent on either
 * side: `forgotten`) is forgotten. A ref the sides still disagree on keeps its old memory, which is
 * what later runs judge deletions and moves against. Each write is leased on the memory's current
 * value, like any other update.
 */
export function memoryWrites(
  updates: RefUpdate[],
  outcomes: Record<Side, Map<string, PushOutcome>>,
  memory: Map<string, Remembered>,
  forgotten: string[] = []
): Record<Side, RefUpdate[]> {
  const out: Record<Side, RefUpdate[]> = { source: [], target: [] }
  const agreed = new Map<string, string | undefined>()
  for (const u of updates) {
    const a = after(u, 'source', outcomes.source)
    const b = after(u, 'target', outcomes.target)
    if (a && b && a.id === b.id) agreed.set(u.ref, a.id)
  }
  for (const ref of forgotten) if (!agreed.has(ref)) agreed.set(ref, undefined)
  for (const [ref, id] of agreed) {
    const m = memory.get(ref) ?? {}
    for (const side of ['source', 'target'] as const) {
      const had = m[side]
      if (had === id) continue
      const name = memoryRef(ref)
      const kind = ref.startsWith('refs/tags/') ? 'tag' : 'branch'
      out[side].push({
        ref: name,
        name,
        kind,
        status: 'up-to-date',
        action: id ? 'force-update' : 'delete',
        sourceSha: id,
        targetSha: had ?? '',
        reason: id
          ? `remembered as the last synced tip of ${ref}`
          : `${ref} is gone from both sides: forgotten`
      })
    }
  }
  return out
}
