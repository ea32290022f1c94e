import { describe, expect, it } from 'vitest'
import { markProtected, plan, type PlanOptions } from '../../src/plan.js'
import type { AnalysedRef } from '../../src/record.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const ref = (name: string, over: Partial<AnalysedRef>): AnalysedRef => ({
  ref: `refs/heads/${name}`,
  name,
  kind: 'branch',
  status: 'up-to-date',
  sourceSha: A,
  targetBefore: A,
  ahead: null,
  behind: null,
  ...over
})
const states: AnalysedRef[] = [
  ref('main', { status: 'fast-forward', targetBefore: B, ahead: 0, behind: 2 }),
  ref('new', { status: 'create', targetBefore: null }),
  ref('same', {}),
  ref('old', { status: 'diverged', targetBefore: B, ahead: 1, behind: 1 })
]
const base: PlanOptions = {
  force: true,
  prune: false,
  backupRefPrefix: 'refs/mirror-backup/',
  now: new Date('2026-01-02T03:04:05Z')
}

describe('plan: workflows and protection are data, decided purely', () => {
  it('holds back writes that change workflows only when sync-workflows is false', () => {
    const touches = new Set(['refs/heads/main', 'refs/heads/old', 'refs/heads/same'])
    const held = plan(states, { ...base, syncWorkflows: false, touchesWorkflows: touches })
    expect(held.map(u => u.action)).toEqual(['hold', 'create', 'none', 'hold'])
    expect(held[3]!.backupRef).toBeNull()
    expect(held[0]!.message).toMatch(/held back$/)
    expect(held[0]!.cause?.kind).toBe('held-workflows')
    expect(
      plan(states, { ...base, syncWorkflows: true, touchesWorkflows: touches }).map(u => u.action)
    ).toEqual(['update', 'create', 'none', 'force-update'])
  })

  it('marks the branches the target protects, and leaves it unknown when protection was not read', () => {
    const marked = markProtected(plan(states, base), new Set(['main', 'same', 'new']))
    expect(marked.map(u => u.protected)).toEqual([true, true, true, false])
    expect(markProtected(plan(states, base), undefined).map(u => u.protected)).toEqual([
      null,
      null,
      null,
      null
    ])
  })
})
