import { describe, expect, it } from 'vitest'
import { guardPrune, holdAmbiguousNames, holdNameConflicts, plan, type PlanOptions } from '../../src/plan.js'
import type { AnalysedRef } from '../../src/record.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const o: PlanOptions = { force: false, prune: true, backupRefPrefix: 'refs/mirror-backup/', now: new Date(0) }
const branch = (name: string, source?: string, target?: string): AnalysedRef => ({
  ref: `refs/heads/${name}`,
  name,
  kind: 'branch',
  sourceSha: source ?? null,
  targetBefore: target ?? null,
  ahead: source && target ? 0 : null,
  behind: source && target ? (source === target ? 0 : 1) : null,
  status: !source ? 'target-only' : !target ? 'create' : source === target ? 'up-to-date' : 'fast-forward'
})

describe('plan-time guards', () => {
  it('a directory/file clash holds the create unless prune removes the blocker first', () => {
    const kept = plan([branch('feature/x', A)], o)
    expect(holdNameConflicts(kept, ['refs/heads/feature'])[0]).toMatchObject({
      action: 'skip',
      cause: { kind: 'name-conflict', detail: 'refs/heads/feature is in the way of refs/heads/feature/x' }
    })
    const pruned = plan([branch('feature/x', A), branch('feature', undefined, B)], o)
    expect(holdNameConflicts(pruned, ['refs/heads/feature']).map(u => u.action)).toEqual(['create', 'delete'])
    // The reverse clash: 'a/b' in the target blocks a new 'a'.
    expect(holdNameConflicts(plan([branch('a', A)], o), ['refs/heads/a/b'])[0]!.action).toBe('skip')
  })

  it('a target ref named refs/heads/<name> makes that name ambiguous', () => {
    const u = plan([branch('main', A, B)], o)
    expect(holdAmbiguousNames(u, ['refs/heads/main', 'refs/heads/refs/heads/main'])[0]).toMatchObject({
      action: 'skip',
      cause: { kind: 'ambiguous-name' }
    })
    expect(holdAmbiguousNames(u, ['refs/heads/main'])[0]!.action).toBe('update')
  })

  it('prune deletes nothing for an empty source, nor most of the target without allow-mass-prune', () => {
    const empty = plan([branch('x', undefined, A)], o)
    expect(guardPrune(empty, true).error).toMatch(/source lists none of the selected refs/)
    const most = plan(
      [branch('main', A, A), ...Array.from({ length: 11 }, (_, i) => branch(`o${i}`, undefined, B))],
      o
    )
    const held = guardPrune(most, false)
    expect(held.error).toMatch(/would delete 11 of the target's 12 selected refs/)
    expect(held.updates.filter(u => u.action === 'delete')).toHaveLength(0)
    expect(guardPrune(most, true).error).toBeUndefined()
    // Few refs: dropping 2 of 3 branches is ordinary.
    const few = plan([branch('main', A, A), branch('o1', undefined, B), branch('o2', undefined, B)], o)
    expect(guardPrune(few, false).error).toBeUndefined()
  })
})
