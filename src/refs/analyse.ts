import * as core from '../runner.js'
import type { FetchDepth, Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { finishDelta, quickCompare, startDelta, type EarlyDelta } from './delta.js'
import { fetchCommits, fetchComplete, fetchRefs } from './fetch.js'
import { CommitGraph, type Comparison } from './graph.js'
import type { AnalysedRef, RefKind } from '../record.js'
import type { SyncReport } from '../report/schema.js'
import { kindOf, shortName, type RemoteRefs } from './types.js'

/** One fetch of source history during analysis: the report shows the depth schedule with these. */
export type FetchRound = NonNullable<SyncReport['fetchRounds']>[number]

export interface AnalyseInput {
  git: Git
  source: Remote
  target: Remote
  sourceRefs: RemoteRefs
  targetRefs: RemoteRefs
  selected: string[]
  /** Target-only refs need their objects only when they may be pruned (for the backup). */
  prune: boolean
  retries: number
  /**
   * Fetch the complete history of both sides' differing refs, no shallow windows: two-way sync
   * pushes either side's tips to the other, so it needs every commit of both.
   */
  complete?: boolean
  /** Sub-phase durations (ms) are added here, e.g. "Analyse: fetch source". */
  timings?: Record<string, number>
}

/**
 * Depths of the shallow source fetches; each round deepens only the refs still unsettled. Every
 * window costs one full tree at its boundary, so start small — a nightly mirror is usually a few
 * commits behind — and grow fast, then give up on windows and fetch the complete history.
 */
export const DEPTHS = [8, 64, 512]

/** At most this many of the target's tips are named to the source as already there. */
const MAX_HAVES = 5000

/** What one evaluation of the fetched source history settled, and what it could not. */
interface Evaluation {
  counts: Map<string, Comparison>
  pending: string[]
  /** Some ref can only be settled with complete history (e.g. the target tip is not in the source). */
  needFull: boolean
  /** The target's commits held here: the source need not send anything they reach. */
  haves: string[]
  /** [target commit, source commit] of each differing ref with both held. */
  tips: [string, string][]
}

/**
 * A ref is settled when its ahead/behind counts are exact (branches present on both sides) and
 * pushing its source tip sends no shallow boundary to the target.
 */
async function evaluate(
  git: Git,
  refs: string[],
  held: Map<string, string>,
  targetRefs: RemoteRefs
): Promise<Evaluation> {
  const fetched = [...new Set(held.values())]
  const graph = await CommitGraph.load(git, fetched)
  const peels = await git.peeled(fetched)
  const peel = (id: string | undefined) =>
    id === undefined ? undefined : (peels.get(id) ?? (graph.has(id) ? id : undefined))
  const remoteTips = [...new Set(targetRefs.refs.values())].map(peel).filter((x): x is string => !!x)
  const sourceTips = refs.map(r => peel(held.get(r))).filter((x): x is string => !!x)
  const pushable = graph.pushable(sourceTips, remoteTips)
  const complete = graph.pushable(sourceTips, [])
  const counts = new Map<string, Comparison>()
  const pending: string[] = []
  const tips: [string, string][] = []
  let needFull = false
  for (const ref of refs) {
    const s = peel(held.get(ref))
    const t = targetRefs.refs.get(ref)
    const tc = peel(t)
    if (s && tc) tips.push([tc, s])
    if (!s) {
      needFull = true
      pending.push(ref)
      continue
    }
    let ok = pushable.has(s)
    if (t && kindOf(ref) === 'branch') {
      const c = tc ? graph.compare(s, tc) : undefined
      if (c?.exact) counts.set(ref, c)
      else ok = false
      // The source's whole history of this ref is here and the target tip is not in it.
      if (!tc && complete.has(s)) needFull = true
    }
    if (!ok) pending.push(ref)
  }
  return { counts, pending, needFull, haves: remoteTips, tips }
}

/** Where a ref stands from its two tips alone; 'diverged' is refined from the ahead/behind counts. */
function initialStatus(kind: RefKind, source: string | null, target: string | null): AnalysedRef['status'] {
  if (!source) return 'target-only'
  if (!target) return kind === 'tag' ? 'tag-new' : 'create'
  if (source === target) return 'up-to-date'
  return kind === 'tag' ? 'tag-moved' : 'diverged'
}

/**
 * Learns how each selected ref relates across the two sides, downloading about what the target
 * lacks: nothing when all refs are equal; otherwise a shallow window of each differing source
 * ref, deepened until the target's tip is inside it (exact counts, and a push that sends no
 * shallow boundary), and the complete history only when that cannot work — an empty target, a
 * target tip the source never had (diverged or target ahead), or a window that stays ambiguous.
 */
export async function analyse(input: AnalyseInput): Promise<{ states: AnalysedRef[]; rounds: FetchRound[] }> {
  const { git, selected, sourceRefs, targetRefs, retries } = input
  const timings = input.timings ?? {}
  const timed = async <T>(name: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now()
    try {
      return await fn()
    } finally {
      const ms = Math.round(performance.now() - t0)
      timings[`Analyse: ${name}`] = (timings[`Analyse: ${name}`] ?? 0) + ms
      core.info(`${name}: ${ms} ms`)
    }
  }

  // One pass over the selection (20,000 refs in sync are looked up once, not once per question):
  // the refs whose source tip differs, and those whose target tip may need fetching (below).
  const differs: string[] = []
  const candidates: string[] = []
  for (const r of selected) {
    const s = sourceRefs.refs.get(r)
    const t = targetRefs.refs.get(r)
    if (s === t) continue
    if (s !== undefined) differs.push(r)
    if (t !== undefined && (s !== undefined || input.prune)) candidates.push(r)
  }
  const held = new Map<string, string>()
  const sourceId = (r: string) => sourceRefs.refs.get(r)!
  const fetchSource = async (refs: string[], how: FetchDepth) => {
    const ids = refs.map((r): [string, string] => [r, sourceId(r)])
    for (const [r, id] of await fetchRefs(git, input.source, ids, retries, how)) held.set(r, id)
  }

  // Over smart HTTP the windows hold commits without trees (where the server filters, as GitHub
  // does): they cost the history's shape, not a snapshot, and the objects follow as the delta.
  const src = input.source
  let shapeOnly = !src.local && !src.ssh && /^https?:\/\//.test(src.url)
  let treeless = false

  // An empty target has nothing a shallow window could build on: fetch everything at once.
  let full = targetRefs.refs.size === 0 || Boolean(input.complete)
  let counts = new Map<string, Comparison>()
  const rounds: FetchRound[] = []
  if (differs.length === 0) core.info('every selected ref already matches: nothing to download')
  else {
    let pending = differs
    let last: Pick<Evaluation, 'haves' | 'tips'> | undefined
    const wants = differs.map(sourceId)
    // First the delta itself, with the target tips it builds on: it often settles every ref alone.
    let early: EarlyDelta | undefined
    if (shapeOnly && !full) {
      const branches = [...targetRefs.refs].filter(([r]) => kindOf(r) === 'branch').map(([, id]) => id)
      const tipIds = differs.map(r => targetRefs.refs.get(r)).filter((id): id is string => !!id)
      const haves = [...new Set([...tipIds, ...branches])].slice(0, MAX_HAVES)
      const tips = [
        ...new Set(differs.filter(r => kindOf(r) === 'branch').map(r => targetRefs.refs.get(r)))
      ].filter((id): id is string => !!id)
      early = await timed('fetch source', () => startDelta(git, src, { wants, haves, tips }))
      // Without the delta, commits-only windows would leave nothing to complete them cheaply.
      if (!early) shapeOnly = false
    }
    const quick =
      early &&
      (await timed('ahead/behind', () =>
        quickCompare(
          git,
          early,
          differs.map(ref => ({
            ref,
            source: sourceId(ref),
            target: targetRefs.refs.get(ref),
            branch: kindOf(ref) === 'branch'
          }))
        )
      ))
    if (early)
      rounds.push({
        depth: null,
        refs: differs.length,
        settled: quick ? differs.length : 0,
        objects: 'delta'
      })
    if (quick) {
      counts = quick
      for (const r of differs) held.set(r, sourceId(r))
      treeless = true
      pending = []
      core.info(
        `the delta settled all ${differs.length} differing refs (fast-forwards onto the target's tips)`
      )
      const tips = early!.tips
      last = {
        haves: tips,
        tips: differs
          .filter(r => targetRefs.refs.has(r) && kindOf(r) === 'branch')
          .map(r => [targetRefs.refs.get(r)!, sourceId(r)])
      }
    }
    for (const depth of full || quick ? [] : DEPTHS) {
      await timed('fetch source', async () => {
        if (!shapeOnly) return fetchSource(pending, { depth })
        treeless = await fetchCommits(git, src, pending.map(sourceId), retries, { depth })
        for (const r of pending) held.set(r, sourceId(r))
      })
      const e = (last = await timed('ahead/behind', () => evaluate(git, differs, held, targetRefs)))
      counts = e.counts
      core.info(
        `shallow fetch${treeless ? ' of commits' : ''} (depth ${depth}): ${differs.length - e.pending.length} of ${differs.length} differing refs settled`
      )
      rounds.push({
        depth,
        refs: pending.length,
        settled: differs.length - e.pending.length,
        ...(treeless ? { objects: 'commits' as const } : {})
      })
      pending = e.pending
      if (pending.length === 0 || e.needFull) break
    }
    if (early && treeless && last && pending.length === 0) {
      const delta = { wants, haves: last.haves, tips: last.tips }
      if (await timed('fetch source', () => finishDelta(git, early, delta)))
        core.info(
          `fetched the objects the target lacks, with ${delta.haves.length} of its commits as the base`
        )
      else {
        core.info('the objects the target lacks could not be fetched alone: fetching the complete history')
        pending = differs
      }
    } else {
      early?.session.close()
      // Commits without trees and no delta to complete them: only the complete history will do.
      if (treeless && pending.length === 0) pending = differs
    }
    if (full || pending.length > 0) {
      full = true
      core.info(`fetching the complete history of ${differs.length} ref(s)`)
      await timed('fetch source', async () => {
        // Commits held without trees are completed beside the work repository.
        if (!treeless) return fetchSource(differs, { unshallow: git.isShallow() })
        await fetchComplete(git, src, wants, retries)
        for (const r of differs) held.set(r, sourceId(r))
      })
      rounds.push({ depth: null, refs: differs.length, settled: differs.length })
      // Complete history still ending in a shallow boundary: the source itself is a shallow clone.
      if (git.isShallow())
        throw new Error(
          `${input.source.display} is a shallow repository (its history is cut off), so its refs cannot be mirrored: mirror from a complete clone (run 'git fetch --unshallow' there, or use fetch-depth: 0 with actions/checkout)`
        )
    }
  }

  // Target objects: history for branches whose target tip the source lacks (their counts need
  // it; only in complete mode), and the bare tip for refs that may get a backup (the candidates).
  const present = await git.presentObjects([...new Set(candidates.map(r => targetRefs.refs.get(r)!))])
  const history: string[] = []
  const tipOnly: string[] = []
  for (const ref of candidates) {
    if (present.has(targetRefs.refs.get(ref)!)) continue
    if (sourceRefs.refs.has(ref) && kindOf(ref) === 'branch' && full) history.push(ref)
    else tipOnly.push(ref)
  }
  const targetHeld = new Map<string, string>()
  if (history.length > 0 || tipOnly.length > 0)
    await timed('fetch target', async () => {
      const tip = (r: string): [string, string] => [r, targetRefs.refs.get(r)!]
      for (const [r, id] of await fetchRefs(git, input.target, history.map(tip), retries))
        targetHeld.set(r, id)
      // One commit is enough to push a backup of it; a shallow tip never reaches the counts.
      // In complete mode a depth-1 fetch would mark the tip shallow and cut history the counts use.
      for (const [r, id] of await fetchRefs(
        git,
        input.target,
        tipOnly.map(tip),
        retries,
        full ? {} : { depth: 1 }
      ))
        targetHeld.set(r, id)
    })

  const states: AnalysedRef[] = []
  const pairs: string[] = []
  for (const ref of selected) {
    const kind = kindOf(ref)!
    const sourceSha = held.get(ref) ?? sourceRefs.refs.get(ref) ?? null
    const targetBefore = targetHeld.get(ref) ?? targetRefs.refs.get(ref) ?? null
    const status = initialStatus(kind, sourceSha, targetBefore)
    const counted = status === 'up-to-date' ? 0 : null
    // One object per ref, made once: 20,000 refs in sync are 20,000 of them.
    states.push({
      ref,
      name: shortName(ref),
      kind,
      sourceSha,
      targetBefore,
      ahead: counted,
      behind: counted,
      status
    })
    if (status === 'diverged' && !counts.has(ref)) pairs.push(ref)
  }
  if (pairs.length > 0)
    await timed('ahead/behind', async () => {
      // Complete history here (shallow rounds settle every pair they keep), so the counts are exact.
      const fetched = [...new Set([...held.values(), ...targetHeld.values()])]
      const graph = await CommitGraph.load(git, fetched)
      const peel = await git.peeled(fetched)
      for (const ref of pairs) {
        const s = held.get(ref)
        const t = targetHeld.get(ref) ?? targetRefs.refs.get(ref)
        const c = s && t ? graph.compare(peel.get(s) ?? s, peel.get(t) ?? t) : undefined
        if (!c || !c.exact)
          throw new Error(
            `could not compare ${ref} across source and target (a ref moved during the run?): run again`
          )
        counts.set(ref, c)
      }
    })
  // A tag whose object changed but whose commit did not (a lightweight tag replaced by an annotated
  // one, or re-annotated): no commit differs, so it gets counts of 0 / 0 and says so in the plan.
  const movedTags = states.filter(s => s.status === 'tag-moved')
  if (movedTags.length > 0) {
    const peels = await git.peeled(movedTags.flatMap(s => [s.sourceSha!, s.targetBefore!]))
    for (const s of movedTags) {
      const commit = peels.get(s.sourceSha!)
      if (commit && commit === peels.get(s.targetBefore!)) {
        s.ahead = 0
        s.behind = 0
      }
    }
  }
  for (const s of states) {
    const c = s.status === 'diverged' && s.kind === 'branch' ? counts.get(s.ref) : undefined
    if (!c) continue
    s.ahead = c.ahead
    s.behind = c.behind
    s.status = c.ahead === 0 ? 'fast-forward' : c.behind === 0 ? 'target-ahead' : 'diverged'
  }
  return { states, rounds }
}
