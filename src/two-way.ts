import * as core from './runner.js'
import { apply } from './apply.js'
import { holdBack, logPlan } from './plan-with-facts.js'
import type { Git } from './git/git.js'
import type { Remote } from './git/remote.js'
import type { Options } from './inputs.js'
import { copyLfs, type LfsResult } from './lfs/copy.js'
import { holdWorkflowChange, isWrite } from './plan.js'
import type { Outcome, PlannedRef, Side } from './record.js'
import { memoryWrites, mergeView, planTwoWay, viewOf, type Remembered } from './plan/two-way.js'
import { analyse, type FetchRound } from './refs/analyse.js'
import { fetchRefs } from './refs/fetch.js'
import { incomingCommits } from './refs/incoming.js'
import { listMemory, refOfMemory } from './refs/memory.js'
import { selectRefs } from './refs/select.js'
import type { RemoteRefs } from './refs/types.js'
import { refsTouchingWorkflows } from './refs/workflows.js'

const SIDES = ['target', 'source'] as const
const other = (side: Side): Side => (side === 'source' ? 'target' : 'source')

export interface BothSides {
  git: Git
  remotes: Record<Side, Remote>
  refs: Record<Side, RemoteRefs>
  options: Options
}

/** What planning learned that applying needs again. */
export interface TwoWayPlan {
  updates: PlannedRef[]
  /** Each side's memory refs as listed (refs/mirror-sync/…): leases and the prune's known refs. */
  memoryRefs: Record<Side, Map<string, string>>
  /** Per selected ref, what each side remembers. */
  memory: Map<string, Remembered>
  /** Selected by the patterns, remembered, and on neither side any more: their memory goes. */
  forgotten: string[]
  /** The fetches of history analysis made, for the report. */
  rounds: FetchRound[]
  /** The mass-deletion guard's error, when it held a prune back. */
  guard?: string
}

/**
 * Two-way planning: both sides' memory of the last sync, the same analysis as one way (with the
 * complete history of both sides, since either may be pushed to the other), the pure two-way plan,
 * then each side's writes through the holds one-way writes go through (guard, names, protection,
 * workflows), seen from that side.
 */
export async function planBothWays(
  s: BothSides,
  selected: string[],
  branches: string[],
  now: Date,
  warnings: string[],
  timings: Record<string, number>
): Promise<TwoWayPlan> {
  const { git, remotes, refs, options } = s
  // Listed while analysis fetches: the memory is only compared by id, never fetched.
  const listed = Promise.all([
    listMemory(git, remotes.source, options.retries),
    listMemory(git, remotes.target, options.retries)
  ])
  const { states, rounds } = await analyse({
    git,
    source: remotes.source,
    target: remotes.target,
    sourceRefs: refs.source,
    targetRefs: refs.target,
    selected,
    prune: true,
    complete: true,
    retries: options.retries,
    timings
  }).finally(() => listed.catch(() => undefined))
  const [sourceMemory, targetMemory] = await listed
  const memoryRefs = { source: sourceMemory, target: targetMemory }
  const memory = new Map<string, Remembered>()
  for (const side of SIDES)
    for (const [name, id] of memoryRefs[side]) {
      const ref = refOfMemory(name)
      memory.set(ref, { ...memory.get(ref), [side]: id })
    }
  let updates = planTwoWay(
    states.map(st => ({ ...st, memory: memory.get(st.ref) ?? {} })),
    { force: options.force, prune: options.prune, backupRefPrefix: options.backupRefPrefix, now }
  )
  // Remembered refs that both sides have lost, among the ones the patterns select.
  const remembered: RemoteRefs = { refs: new Map([...memory.keys()].map(r => [r, ''])) }
  const chosen = new Set(selected)
  const forgotten = selectRefs(remembered, { refs: new Map() }, branches, options.tags).refs.filter(
    r => !chosen.has(r)
  )

  let guard: string | undefined
  for (const side of SIDES) {
    let view = viewOf(updates, side)
    if (!view.some(isWrite)) continue
    if (!options.syncWorkflows) {
      const writes = view.filter(u => isWrite(u) && u.sourceSha)
      const touches = await refsTouchingWorkflows(git, writes, refs[side])
      view = view.map(u => holdWorkflowChange(u, touches))
    }
    const held = await holdBack(view, refs[side], remotes[side], options, warnings)
    guard ??= held.guard
    const incoming = await incomingCommits(git, held.updates, refs[side])
    view = held.updates.map(u => (incoming.has(u.ref) ? { ...u, incoming: incoming.get(u.ref) } : u))
    updates = mergeView(updates, view, side)
  }
  logPlan(updates)
  return { updates, memoryRefs, memory, forgotten, guard, rounds }
}

/**
 * Applies a two-way plan: per side, the LFS objects its new commits need and then its writes, each
 * through the one-way push with its backups and leases; then the memory of every ref both sides now
 * agree on, in both repositories, leased on what each remembered.
 */
export async function applyBothWays(
  s: BothSides,
  p: TwoWayPlan,
  workDir: string,
  warnings: string[]
): Promise<{ outcomes: Map<string, Outcome>; lfs?: LfsResult }> {
  const { git, remotes, refs, options } = s
  const outcomes: Record<Side, Map<string, Outcome>> = { source: new Map(), target: new Map() }
  let lfs: LfsResult | undefined
  for (const side of SIDES) {
    const view = viewOf(p.updates, side)
    if (!view.some(isWrite)) continue
    core.info(`writing ${view.filter(isWrite).length} ref(s) to the ${side} (${remotes[side].display})`)
    const copied = await copyLfs({
      git,
      source: remotes[other(side)],
      target: remotes[side],
      updates: view,
      targetRefs: refs[side],
      mode: options.lfs,
      workDir
    })
    lfs = addLfs(lfs, copied)
    outcomes[side] = await apply(git, remotes[side], view, {
      retries: options.retries,
      maxRefsPerPush: options.maxRefsPerPush,
      warnings
    })
  }
  await remember(s, p, outcomes, warnings)
  return { outcomes: new Map([...outcomes.source, ...outcomes.target]), lfs }
}

function addLfs(a: LfsResult | undefined, b: LfsResult | undefined): LfsResult | undefined {
  if (!a || !b) return a ?? b
  return {
    mode: a.mode,
    objects: a.objects + b.objects,
    missing: a.missing + b.missing,
    copied: a.copied + b.copied,
    bytes: a.bytes + b.bytes
  }
}

/**
 * Writes the memory. A memory write that fails (someone else's run moved it meanwhile) costs
 * nothing but a warning: the refs themselves are in place, and the next run judges against
 * whichever tip either side still remembers.
 */
async function remember(
  s: BothSides,
  p: TwoWayPlan,
  outcomes: Record<Side, Map<string, Outcome>>,
  warnings: string[]
): Promise<void> {
  const { git, remotes, options } = s
  const writes = memoryWrites(p.updates, outcomes, p.memory, p.forgotten)
  // The agreed tips of refs that were already equal were never downloaded; git needs each object
  // to push a ref to it, and both sides have it: one commit (or tag) from the source is enough.
  const ids = [
    ...new Set([...writes.source, ...writes.target].map(u => u.sourceSha).filter(Boolean))
  ] as string[]
  const present = await git.presentObjects(ids)
  const missing = ids.filter(id => !present.has(id))
  if (missing.length > 0)
    await fetchRefs(
      git,
      remotes.source,
      missing.map(id => [id, id]),
      options.retries,
      { depth: 1 }
    )
  for (const side of SIDES) {
    if (writes[side].length === 0) continue
    const done = await apply(git, remotes[side], writes[side], { retries: options.retries, warnings })
    for (const w of writes[side]) {
      const o = done.get(w.ref)
      if (o?.result !== 'applied')
        warnings.push(
          `could not record the last synced tip of ${refOfMemory(w.ref)} in the ${side} (${w.ref}): ${o?.message ?? 'no answer'}; the next run judges deletions against what it remembered before`
        )
    }
  }
}
