import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { SOURCE_NS, TARGET_NS, fetchRefs, presentObjects } from './fetch.js'
import { kindOf, shortName, type RefState, type RemoteRefs } from './types.js'

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
}

/** Counts commits each side lacks, one rev-list per diverging branch, a few at a time. */
async function aheadBehind(git: Git, pairs: { ref: string; s: string; t: string }[]) {
  const counts = new Map<string, { ahead: number; behind: number }>()
  const queue = [...pairs]
  const worker = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const out = await git.run(['rev-list', '--left-right', '--count', `${p.s}...${p.t}`])
      const [behind, ahead] = out.stdout.trim().split(/\s+/).map(Number)
      counts.set(p.ref, { ahead: ahead ?? 0, behind: behind ?? 0 })
    }
  }
  await Promise.all(Array.from({ length: Math.min(4, pairs.length) }, worker))
  return counts
}

/**
 * Learns how each selected ref relates across the two sides, downloading only what that needs:
 * nothing when all refs are equal, source history for refs that differ, and target history only
 * where the target holds commits the source does not.
 */
export async function analyse(input: AnalyseInput): Promise<RefState[]> {
  const { git, selected, sourceRefs, targetRefs } = input
  const differs = selected.filter((r) => sourceRefs.refs.has(r) && sourceRefs.refs.get(r) !== targetRefs.refs.get(r))
  const sourceHeld = await fetchRefs(git, input.source, SOURCE_NS, differs, input.retries)

  const targetIds = new Map<string, string>()
  for (const r of selected) {
    const t = targetRefs.refs.get(r)
    if (t && (sourceHeld.get(r) ?? sourceRefs.refs.get(r)) !== t) targetIds.set(r, t)
  }
  const present = await presentObjects(git, [...new Set(targetIds.values())])
  const needTarget = [...targetIds].filter(([r, t]) => !present.has(t) && (sourceRefs.refs.has(r) || input.prune)).map(([r]) => r)
  const targetHeld = await fetchRefs(git, input.target, TARGET_NS, needTarget, input.retries)

  const states: RefState[] = []
  const pairs: { ref: string; s: string; t: string }[] = []
  for (const ref of selected) {
    const kind = kindOf(ref)!
    const source = sourceHeld.get(ref) ?? sourceRefs.refs.get(ref)
    const target = targetHeld.get(ref) ?? targetRefs.refs.get(ref)
    const base = { ref, name: shortName(ref), kind, source, target }
    if (!source) states.push({ ...base, relation: 'target-only' })
    else if (!target) states.push({ ...base, relation: 'missing' })
    else if (source === target) states.push({ ...base, relation: 'equal', ahead: 0, behind: 0 })
    else if (kind === 'tag') states.push({ ...base, relation: 'moved' })
    else {
      states.push({ ...base, relation: 'diverged' })
      pairs.push({ ref, s: source, t: target })
    }
  }
  const counts = await aheadBehind(git, pairs)
  for (const s of states) {
    const c = counts.get(s.ref)
    if (!c) continue
    s.ahead = c.ahead
    s.behind = c.behind
    s.relation = c.ahead === 0 ? 'behind' : c.behind === 0 ? 'ahead' : 'diverged'
  }
  return states
}

