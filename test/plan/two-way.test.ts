import { describe, expect, it } from 'vitest'
import type { Outcome, PlannedRef } from '../../src/record.js'
import {
  memoryWrites,
  mergeView,
  planTwoWay,
  viewOf,
  type Remembered,
  type TwoWayOptions,
  type TwoWayState
} from '../../src/plan/two-way.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const M = 'c'.repeat(40)
const now = new Date('2026-11-26T08:30:05.000Z')
const opts = (o: Partial<TwoWayOptions> = {}): TwoWayOptions => ({
  force: false,
  prune: false,
  backupRefPrefix: 'refs/mirror-backup/',
  now,
  ...o
})

const STATUS = {
  equal: 'up-to-date',
  behind: 'fast-forward',
  ahead: 'target-ahead',
  diverged: 'diverged',
  moved: 'tag-moved',
  missing: 'create',
  'target-only': 'target-only'
} as const

/** A ref as analysis leaves it, named by how the target relates to the source. */
function st(
  relation: keyof typeof STATUS,
  ids: { source?: string; target?: string },
  memory: Remembered = {},
  extra: Partial<TwoWayState> = {}
): TwoWayState {
  const ref = extra.kind === 'tag' ? 'refs/tags/v1' : 'refs/heads/dev'
  return {
    ref,
    name: ref.split('/')[2]!,
    kind: 'branch',
    status: STATUS[relation],
    sourceSha: ids.source ?? null,
    targetBefore: ids.target ?? null,
    ahead: null,
    behind: null,
    memory,
    ...extra
  }
}
const one = (s: TwoWayState, o: Partial<TwoWayOptions> = {}) => planTwoWay([s], opts(o))[0]!

describe('planTwoWay: both sides have the ref', () => {
  it('equal: nothing, on no side', () => {
    const u = one(st('equal', { source: A, target: A }))
    expect(u.action).toBe('none')
    expect(u).not.toHaveProperty('side')
  })

  it('the target is behind: the target is fast-forwarded', () => {
    const u = one(st('behind', { source: A, target: B }, {}, { behind: 2, ahead: 0 }))
    expect(u).toMatchObject({
      action: 'update',
      side: 'target',
      status: 'fast-forward',
      sourceSha: A,
      targetBefore: B
    })
  })

  it('the source is behind: the source is fast-forwarded, the ids keep their sides', () => {
    const u = one(st('ahead', { source: A, target: B }, {}, { ahead: 3, behind: 0 }))
    expect(u).toMatchObject({
      action: 'update',
      side: 'source',
      status: 'fast-forward',
      sourceSha: A,
      targetBefore: B
    })
    expect(u.message).toBe('source is 3 commits behind the target; fast-forward')
  })

  it('diverged: a conflict left alone on both sides; force: the source wins after a backup of the target', () => {
    const s = st('diverged', { source: A, target: B }, { source: M, target: M }, { ahead: 1, behind: 1 })
    expect(one(s)).toMatchObject({ action: 'skip', status: 'diverged' })
    expect(one(s)).not.toHaveProperty('side')
    expect(one(s, { force: true })).toMatchObject({
      action: 'force-update',
      side: 'target',
      backupRef: 'refs/mirror-backup/heads/dev/20261126T083005Z'
    })
  })

  it('a tag that differs on the two sides is a conflict, whatever the memory says', () => {
    const s = st('moved', { source: A, target: B }, { source: B, target: B }, { kind: 'tag' })
    expect(one(s)).toMatchObject({ action: 'skip', status: 'tag-moved' })
    expect(one(s, { force: true })).toMatchObject({ action: 'force-update', side: 'target' })
  })
})

describe('planTwoWay: one side has the ref', () => {
  it('never synced (no memory): created on the side that lacks it, even with prune', () => {
    expect(one(st('missing', { source: A }), { prune: true })).toMatchObject({
      action: 'create',
      side: 'target',
      status: 'source-only'
    })
    expect(one(st('target-only', { target: B }), { prune: true })).toMatchObject({
      action: 'create',
      side: 'source',
      status: 'target-only',
      sourceSha: null,
      targetBefore: B
    })
  })

  it('deleted on one side since the last sync, unchanged on the other: prune deletes it there, after a backup', () => {
    expect(one(st('target-only', { target: M }, { source: M, target: M }), { prune: true })).toMatchObject({
      action: 'delete',
      side: 'target',
      backupRef: 'refs/mirror-backup/heads/dev/20261126T083005Z'
    })
    expect(one(st('missing', { source: M }, { source: M, target: M }), { prune: true })).toMatchObject({
      action: 'delete',
      side: 'source',
      targetBefore: null,
      sourceSha: M
    })
  })

  it('without prune it is kept, reported and never recreated', () => {
    const u = one(st('target-only', { target: M }, { source: M, target: M }))
    expect(u.action).toBe('none')
    expect(u).not.toHaveProperty('side')
    expect(u.message).toMatch(/deleted in the source since the last sync.*not recreated \(prune is off\)/)
  })

  it("either side's memory is enough (a memory write may have failed on one side)", () => {
    expect(one(st('target-only', { target: M }, { target: M }), { prune: true }).action).toBe('delete')
    expect(one(st('target-only', { target: M }, { source: M, target: A }), { prune: true }).action).toBe(
      'delete'
    )
  })

  it('deleted on one side, moved on the other: a conflict; force lets the source win', () => {
    const movedInTarget = st('target-only', { target: B }, { source: M, target: M })
    expect(one(movedInTarget, { prune: true })).toMatchObject({ action: 'skip', cause: { kind: 'diverged' } })
    // The source deleted it: with force and prune the deletion reaches the target (backed up)…
    expect(one(movedInTarget, { prune: true, force: true })).toMatchObject({
      action: 'delete',
      side: 'target'
    })
    // …without prune nothing is deleted, and nothing is recreated either.
    expect(one(movedInTarget, { force: true })).toMatchObject({ action: 'none' })
    const movedInSource = st('missing', { source: A }, { source: M, target: M })
    expect(one(movedInSource)).toMatchObject({ action: 'skip' })
    // The source moved it: with force it comes back to the target.
    expect(one(movedInSource, { force: true })).toMatchObject({ action: 'create', side: 'target' })
  })
})

describe('viewOf / mergeView', () => {
  const updates = planTwoWay(
    [
      st('ahead', { source: A, target: B }, {}, { ahead: 2, behind: 0 }),
      st('behind', { source: A, target: B }, {}, { ref: 'refs/heads/main', ahead: 0, behind: 1 })
    ],
    opts()
  )

  it('shows each side its own writes, with that side as the target, and nothing of the other side', () => {
    const source = viewOf(updates, 'source')
    expect(source[0]).toMatchObject({ action: 'update', sourceSha: B, targetBefore: A, ahead: 0, behind: 2 })
    expect(source[1]).toMatchObject({ action: 'none' })
    expect(viewOf(updates, 'target')[0]).toMatchObject({ action: 'none' })
  })

  it('takes a hold decided in a side view back into the plan, ids on their own sides again', () => {
    const view = viewOf(updates, 'source').map(u =>
      u.action === 'update' ? { ...u, action: 'skip' as const } : u
    )
    const merged = mergeView(updates, view, 'source')
    expect(merged[0]).toMatchObject({
      action: 'skip',
      side: 'source',
      sourceSha: A,
      targetBefore: B,
      ahead: 2
    })
    expect(merged[1]).toBe(updates[1])
  })
})

describe('memoryWrites', () => {
  const applied = (targetAfter: string | null): Outcome => ({
    result: 'applied',
    targetAfter,
    cause: null,
    message: 'ok'
  })
  const u = (x: Partial<PlannedRef>): PlannedRef => ({
    ref: 'refs/heads/dev',
    name: 'dev',
    kind: 'branch',
    status: 'fast-forward',
    action: 'update',
    sourceSha: null,
    targetBefore: null,
    ahead: null,
    behind: null,
    backupRef: null,
    protected: null,
    cause: null,
    message: '',
    ...x
  })

  it('remembers the tip both sides agree on after the run, leased on what each side remembered', () => {
    const w = memoryWrites(
      [u({ side: 'source', sourceSha: M, targetBefore: A })],
      { source: new Map([['refs/heads/dev', applied(A)]]), target: new Map() },
      new Map([['refs/heads/dev', { source: M, target: M }]])
    )
    for (const side of ['source', 'target'] as const)
      expect(w[side]).toEqual([
        expect.objectContaining({
          ref: 'refs/mirror-sync/heads/dev',
          action: 'force-update',
          sourceSha: A,
          targetBefore: M
        })
      ])
  })

  it('writes nothing where the memory already holds the agreed tip, or where a write did not land', () => {
    const equal = u({ action: 'none', sourceSha: A, targetBefore: A })
    const refused = u({ ref: 'refs/heads/x', side: 'target', sourceSha: A, targetBefore: B })
    const w = memoryWrites(
      [equal, refused],
      {
        source: new Map(),
        target: new Map<string, Outcome>([
          ['refs/heads/x', { result: 'rejected', targetAfter: B, cause: null, message: 'lease' }]
        ])
      },
      new Map([['refs/heads/dev', { source: A, target: A }]])
    )
    expect(w).toEqual({ source: [], target: [] })
  })

  it('creates a memory that was missing, and keeps the memory of refs the sides still disagree on', () => {
    const kept = u({ ref: 'refs/heads/kept', action: 'none', sourceSha: null, targetBefore: M })
    const w = memoryWrites(
      [u({ action: 'none', sourceSha: A, targetBefore: A }), kept],
      { source: new Map(), target: new Map() },
      new Map([['refs/heads/kept', { source: M, target: M }]])
    )
    expect(w.source).toEqual([
      expect.objectContaining({ ref: 'refs/mirror-sync/heads/dev', targetBefore: null })
    ])
    expect(w.target).toHaveLength(1)
  })

  it('forgets refs gone from both sides, and remembered refs both sides lost', () => {
    const pruned = u({ action: 'delete', side: 'target', sourceSha: null, targetBefore: M })
    const w = memoryWrites(
      [pruned],
      { source: new Map(), target: new Map([['refs/heads/dev', applied(null)]]) },
      new Map([
        ['refs/heads/dev', { source: M, target: M }],
        ['refs/tags/old', { target: B }]
      ]),
      ['refs/tags/old']
    )
    expect(w.source).toEqual([
      expect.objectContaining({ ref: 'refs/mirror-sync/heads/dev', action: 'delete' })
    ])
    expect(w.target.map(x => [x.ref, x.action, x.targetBefore])).toEqual([
      ['refs/mirror-sync/heads/dev', 'delete', M],
      ['refs/mirror-sync/tags/old', 'delete', B]
    ])
  })
})
