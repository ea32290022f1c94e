import { describe, expect, it } from 'vitest'
import { backupStamp, plan, planRef, type PlanOptions } from '../../src/plan.js'
import type { AnalysedRef, Status } from '../../src/record.js'

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
  status: Status,
  kind: 'branch' | 'tag' = 'branch',
  extra: Partial<AnalysedRef> = {}
): AnalysedRef {
  const ref = kind === 'branch' ? 'refs/heads/feature/x' : 'refs/tags/v1.0'
  const sourceSha = status === 'target-only' ? null : S
  const targetBefore = status === 'create' || status === 'tag-new' ? null : status === 'up-to-date' ? S : T
  return {
    ref,
    name: ref.replace(/^refs\/\w+\//, ''),
    kind,
    status,
    sourceSha,
    targetBefore,
    ahead: null,
    behind: null,
    ...extra
  }
}

describe('plan: the per-ref decision table', () => {
  const BACKUP_BRANCH = 'refs/mirror-backup/heads/feature/x/20261125T193005Z'
  const BACKUP_TAG = 'refs/mirror-backup/tags/v1.0/20261125T193005Z'
  // status, kind, force, prune → action, backup, cause
  const table: [Status, 'branch' | 'tag', boolean, boolean, string, string | null, string | null][] = [
    ['create', 'branch', false, false, 'create', null, null],
    ['create', 'branch', true, true, 'create', null, null],
    ['up-to-date', 'branch', false, false, 'none', null, null],
    ['up-to-date', 'branch', true, true, 'none', null, null],
    ['fast-forward', 'branch', false, false, 'update', null, null],
    ['fast-forward', 'branch', true, false, 'update', null, null],
    ['target-ahead', 'branch', false, false, 'skip', null, 'target-ahead'],
    ['target-ahead', 'branch', true, false, 'force-update', BACKUP_BRANCH, null],
    ['diverged', 'branch', false, true, 'skip', null, 'diverged'],
    ['diverged', 'branch', true, false, 'force-update', BACKUP_BRANCH, null],
    ['target-only', 'branch', false, false, 'none', null, null],
    ['target-only', 'branch', true, false, 'none', null, null],
    ['target-only', 'branch', false, true, 'delete', BACKUP_BRANCH, null],
    ['tag-new', 'tag', false, false, 'create', null, null],
    ['up-to-date', 'tag', false, false, 'none', null, null],
    ['tag-moved', 'tag', false, false, 'skip', null, 'tag-moved'],
    ['tag-moved', 'tag', true, false, 'force-update', BACKUP_TAG, null],
    ['target-only', 'tag', false, true, 'delete', BACKUP_TAG, null]
  ]
  it.each(table)('%s %s force=%s prune=%s → %s', (status, kind, force, prune, action, backup, cause) => {
    const s = state(status, kind)
    const u = planRef(s, opts({ force, prune }))
    expect(u).toMatchObject(s)
    expect(u.action).toBe(action)
    expect(u.backupRef).toBe(backup)
    expect(u.cause?.kind ?? null).toBe(cause)
  })

  it('explains counts in reasons', () => {
    expect(planRef(state('fast-forward', 'branch', { behind: 1, ahead: 0 }), opts()).message).toMatch(
      /1 commit behind/
    )
    const d = planRef(state('diverged', 'branch', { behind: 3, ahead: 2 }), opts())
    expect(d.message).toMatch(/2 commits ahead, 3 behind/)
    expect(d.message).toMatch(/set force/)
    expect(d.cause).toEqual({
      kind: 'diverged',
      detail: 'target and source diverged (target 2 commits ahead, 3 behind)'
    })
  })

  it('skips exactly the overwrites, each with its conflict as the cause', () => {
    const updates = plan(
      (['create', 'up-to-date', 'fast-forward', 'target-ahead', 'diverged', 'target-only'] as const).map(r =>
        state(r)
      ),
      opts()
    )
    expect(updates.filter(u => u.action === 'skip').map(u => u.cause?.kind)).toEqual([
      'target-ahead',
      'diverged'
    ])
  })

  it('uses the configured backup prefix and a UTC second-resolution stamp', () => {
    expect(backupStamp(now)).toBe('20261125T193005Z')
    const u = planRef(state('diverged'), opts({ force: true, backupRefPrefix: 'refs/keep/' }))
    expect(u.backupRef).toBe('refs/keep/heads/feature/x/20261125T193005Z')
  })

  it('is pure: same input, same output, input untouched', () => {
    const s = state('diverged', 'branch', { ahead: 1, behind: 1 })
    const copy = structuredClone(s)
    expect(planRef(s, opts({ force: true }))).toEqual(planRef(s, opts({ force: true })))
    expect(s).toEqual(copy)
  })
})
