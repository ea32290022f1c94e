import { describe, expect, it } from 'vitest'
import { backupStamp, isConflict, plan, planUpdate, type PlanOptions } from '../../src/plan.js'
import type { RefState } from '../../src/refs/types.js'

const S = 'a'.repeat(40)
const T = 'b'.repeat(40)
const now = new Date('2026-11-25T19:30:05.123Z')
const opts = (o: Partial<PlanOptions> = {}): PlanOptions => ({
  force: false,
  prune: false,
  backupRefPrefix: 'refs/mirror-backup/',
  now,
  ...o
})

function state(
  relation: RefState['relation'],
  kind: 'branch' | 'tag' = 'branch',
  extra: Partial<RefState> = {}
): RefState {
  const ref = kind === 'branch' ? 'refs/heads/feature/x' : 'refs/tags/v1.0'
  const source = relation === 'target-only' ? undefined : S
  const target = relation === 'missing' ? undefined : relation === 'equal' ? S : T
  return { ref, name: ref.replace(/^refs\/\w+\//, ''), kind, relation, source, target, ...extra }
}

describe('plan: the per-ref decision table', () => {
  const BACKUP_BRANCH = 'refs/mirror-backup/heads/feature/x/20261125T193005Z'
  const BACKUP_TAG = 'refs/mirror-backup/tags/v1.0/20261125T193005Z'
  // relation, kind, force, prune → status, action, lease expectation, backup
  const table: [
    RefState['relation'],
    'branch' | 'tag',
    boolean,
    boolean,
    string,
    string,
    string,
    string | undefined
  ][] = [
    ['missing', 'branch', false, false, 'create', 'create', '', undefined],
    ['missing', 'branch', true, true, 'create', 'create', '', undefined],
    ['equal', 'branch', false, false, 'up-to-date', 'none', S, undefined],
    ['equal', 'branch', true, true, 'up-to-date', 'none', S, undefined],
    ['behind', 'branch', false, false, 'fast-forward', 'update', T, undefined],
    ['behind', 'branch', true, false, 'fast-forward', 'update', T, undefined],
    ['ahead', 'branch', false, false, 'target-ahead', 'skip', T, undefined],
    ['ahead', 'branch', true, false, 'target-ahead', 'force-update', T, BACKUP_BRANCH],
    ['diverged', 'branch', false, true, 'diverged', 'skip', T, undefined],
    ['diverged', 'branch', true, false, 'diverged', 'force-update', T, BACKUP_BRANCH],
    ['target-only', 'branch', false, false, 'target-only', 'none', T, undefined],
    ['target-only', 'branch', true, false, 'target-only', 'none', T, undefined],
    ['target-only', 'branch', false, true, 'target-only', 'delete', T, BACKUP_BRANCH],
    ['missing', 'tag', false, false, 'tag-new', 'create', '', undefined],
    ['equal', 'tag', false, false, 'up-to-date', 'none', S, undefined],
    ['moved', 'tag', false, false, 'tag-moved', 'skip', T, undefined],
    ['moved', 'tag', true, false, 'tag-moved', 'force-update', T, BACKUP_TAG],
    ['target-only', 'tag', false, true, 'target-only', 'delete', T, BACKUP_TAG]
  ]
  it.each(table)(
    '%s %s force=%s prune=%s → %s / %s',
    (relation, kind, force, prune, status, action, lease, backup) => {
      const u = planUpdate(state(relation, kind), opts({ force, prune }))
      expect(u.status).toBe(status)
      expect(u.action).toBe(action)
      expect(u.targetSha).toBe(lease)
      expect(u.backupRef).toBe(backup)
      expect(u.reason.length).toBeGreaterThan(10)
    }
  )

  it('explains counts in reasons', () => {
    expect(planUpdate(state('behind', 'branch', { behind: 1, ahead: 0 }), opts()).reason).toMatch(
      /1 commit behind/
    )
    const d = planUpdate(state('diverged', 'branch', { behind: 3, ahead: 2 }), opts())
    expect(d.reason).toMatch(/2 commits ahead, 3 behind/)
    expect(d.reason).toMatch(/set force/)
  })

  it('marks exactly the skipped overwrites as conflicts', () => {
    const updates = plan(
      (['missing', 'equal', 'behind', 'ahead', 'diverged', 'target-only'] as const).map(r => state(r)),
      opts()
    )
    expect(updates.filter(isConflict).map(u => u.status)).toEqual(['target-ahead', 'diverged'])
  })

  it('uses the configured backup prefix and a UTC second-resolution stamp', () => {
    expect(backupStamp(now)).toBe('20261125T193005Z')
    const u = planUpdate(state('diverged'), opts({ force: true, backupRefPrefix: 'refs/keep/' }))
    expect(u.backupRef).toBe('refs/keep/heads/feature/x/20261125T193005Z')
  })

  it('is pure: same input, same output, input untouched', () => {
    const s = state('diverged', 'branch', { ahead: 1, behind: 1 })
    const copy = structuredClone(s)
    expect(planUpdate(s, opts({ force: true }))).toEqual(planUpdate(s, opts({ force: true })))
    expect(s).toEqual(copy)
  })
})
