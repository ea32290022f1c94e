import { describe, expect, it } from 'vitest'
import { markProtected, plan, type PlanOptions } from '../../src/plan.js'
import type { RefState } from '../../src/refs/types.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const states: RefState[] = [
  {
    ref: 'refs/heads/main',
    name: 'main',
    kind: 'branch',
    source: A,
    target: B,
    relation: 'behind',
    ahead: 0,
    behind: 2
  },
  { ref: 'refs/heads/new', name: 'new', kind: 'branch', source: A, relation: 'missing' },
  { ref: 'refs/heads/same', name: 'same', kind: 'branch', source: A, target: A, relation: 'equal' },
  {
    ref: 'refs/heads/old',
    name: 'old',
    kind: 'branch',
    source: A,
    target: B,
    relation: 'diverged',
    ahead: 1,
    behind: 1
  }
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
    expect(held[3]!.backupRef).toBeUndefined()
    expect(held[0]!.reason).toMatch(/held back$/)
    expect(
      plan(states, { ...base, syncWorkflows: true, touchesWorkflows: touches }).map(u => u.action)
    ).toEqual(['update', 'create', 'none', 'force-update'])
  })

  it('marks only branch writes on protected branches', () => {
    const marked = markProtected(plan(states, base), new Set(['main', 'same', 'new']))
    expect(marked.map(u => u.protectedBranch ?? false)).toEqual([true, true, false, false])
    expect(markProtected(plan(states, base), undefined).some(u => u.protectedBranch)).toBe(false)
  })
})
