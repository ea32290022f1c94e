import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { ActionRun } from '../support/action.js'
import { annotations, is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import type { RequestInfo } from '../support/git-http-server.js'
import type { BareRepo } from '../support/repos.js'
import { allRecords } from '../../src/report/build.js'

/**
 * direction: both through the real entry: A is the source repository, B the target. Every history
 * is a handful of commits: what is under test is the decision per ref and what lands where.
 */
// Several runs of the action per test; each run is seconds on a busy machine.
vi.setConfig({ testTimeout: 240_000 })

let f: MirrorFixture
let before: (r: RequestInfo) => Promise<void> | void
beforeEach(async () => {
  before = () => undefined
  f = await mirrorFixture({ server: { before: r => before(r) } })
})
afterEach(async () => f.cleanup())

const BOTH = { direction: 'both', branches: '**' }
const refOf = (run: ActionRun, ref: string) => {
  const found = allRecords(run.report!).find(r => r.ref === ref)
  if (!found) throw new Error(`${ref} is not in the report`)
  return found
}
const memory = (repo: BareRepo, ref: string) => repo.sha(`refs/mirror-sync/${ref.slice('refs/'.length)}`)
const backups = (repo: BareRepo, ref: string) =>
  Object.entries(repo.refs())
    .filter(([r]) => r.startsWith(`refs/mirror-backup/${ref.slice('refs/'.length)}/`))
    .map(([, id]) => id)
const heads = (repo: BareRepo) =>
  Object.fromEntries(Object.entries(repo.refs()).filter(([r]) => /^refs\/(heads|tags)\//.test(r)))
const pushes = () => f.server.requests.filter(r => r.service === 'receive-pack' && r.method === 'POST')

/**
 * Both repositories with the same main, tag v1 and the given refs, in the state a sync leaves them
 * (each remembers every ref at its tip; the first test shows a run writing exactly that), so each
 * test starts from a sync without paying for a run.
 */
function synced(branches: string[] = [], tags: string[] = []): void {
  const base = f.src.commits('main', 2)
  f.src.tag('v1', base, true)
  for (const b of branches) f.src.commit(b, `${b} start`, { parent: base })
  for (const t of tags) f.src.tag(t, base)
  f.dst.copyFrom(f.src)
  for (const repo of [f.src, f.dst])
    for (const [ref, id] of Object.entries(heads(repo)))
      repo.setRef(`refs/mirror-sync/${ref.slice('refs/'.length)}`, id)
}

describe('two-way sync: the first run between two non-empty repositories', () => {
  it('fast-forwards whichever side is behind, creates one-sided refs on the other side, deletes nothing, remembers every agreed tip', async () => {
    const base = f.src.commits('main', 2)
    f.src.tag('v1', base, true)
    f.dst.copyFrom(f.src)
    const a1 = f.src.commit('main', 'A moves main')
    f.dst.commit('dev', 'B starts dev', { parent: base })
    const b1 = f.dst.commit('dev', 'B moves dev')
    f.src.commit('dev', 'A had dev', { parent: base })
    f.src.deleteRef('refs/heads/dev')
    const onlyA = f.src.commit('only-a', 'A only', { parent: base })
    const onlyB = f.dst.commit('only-b', 'B only', { parent: base })
    const tagA = f.src.tag('ta', a1)
    const tagB = f.dst.tag('tb', b1, true)

    const run = await f.run({ ...BOTH, prune: 'true' })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(run.report!.direction).toBe('both')
    // Nothing deleted on a first run: B's dev (A never had it listed) and only-b reach A.
    expect(heads(f.src)).toEqual(heads(f.dst))
    expect(f.dst.sha('refs/heads/main')).toBe(a1)
    expect(f.src.sha('refs/heads/dev')).toBe(b1)
    expect(f.dst.sha('refs/heads/only-a')).toBe(onlyA)
    expect(f.src.sha('refs/heads/only-b')).toBe(onlyB)
    expect(f.dst.sha('refs/tags/ta')).toBe(tagA)
    expect(f.src.sha('refs/tags/tb')).toBe(tagB)

    expect(refOf(run, 'refs/heads/main')).toMatchObject({
      side: 'target',
      action: 'update',
      result: 'applied',
      targetBefore: base,
      targetAfter: a1
    })
    expect(refOf(run, 'refs/heads/dev')).toMatchObject({
      side: 'source',
      status: 'target-only',
      action: 'create',
      result: 'applied',
      sourceSha: null,
      sourceAfter: b1,
      targetBefore: b1,
      targetAfter: b1
    })
    expect(refOf(run, 'refs/tags/tb')).toMatchObject({ side: 'source', action: 'create', result: 'applied' })
    expect(refOf(run, 'refs/tags/v1')).toMatchObject({ side: null, action: 'none', result: 'unchanged' })
    expect(JSON.parse(run.outputs['updated-refs']!)).toEqual(
      expect.arrayContaining([
        { ref: 'refs/heads/main', side: 'target', action: 'update', result: 'applied' },
        { ref: 'refs/heads/dev', side: 'source', action: 'create', result: 'applied' },
        { ref: 'refs/heads/only-b', side: 'source', action: 'create', result: 'applied' },
        { ref: 'refs/tags/tb', side: 'source', action: 'create', result: 'applied' }
      ])
    )
    expect(JSON.parse(run.outputs['updated-refs']!)).toHaveLength(6)
    expect(run.outputs.updated).toBe('6')
    expect(run.summary).toContain('Synced both ways: 3 refs updated in the source, 3 in the target')
    expect(run.summary).toMatch(/`heads\/dev` \| target-only \|[^\n]*\| source: /)
    expect(run.summary).toContain('<summary>`heads/dev`: 2 commits into the source</summary>')

    // Both repositories remember every ref at the tip they now share, outside heads and tags.
    for (const [ref, id] of Object.entries(heads(f.src))) {
      expect(memory(f.src, ref), ref).toBe(id)
      expect(memory(f.dst, ref), ref).toBe(id)
    }

    // Idempotent: a second run finds everything in step and pushes nothing.
    f.server.resetCounters()
    const again = await f.run({ ...BOTH, prune: 'true' })
    expect(again.outputs.result).toBe('in-sync')
    expect(again.outputs['updated-refs']).toBe('[]')
    expect(pushes()).toEqual([])
  })
})

describe('two-way sync: every row of the table after a sync', () => {
  it('branches and tags: fast-forwards both ways, creates, remembered deletions with prune, conflicts left alone; then force lets the source win', async () => {
    synced(['up-a', 'up-b', 'del-a', 'del-b', 'both', 'del-mod'], ['tdel-a', 'tmoved'])
    const upA = f.src.commit('up-a', 'A moves up-a')
    const upB = f.dst.commit('up-b', 'B moves up-b')
    const delA = f.dst.sha('refs/heads/del-a')!
    f.src.deleteRef('refs/heads/del-a')
    const delB = f.src.sha('refs/heads/del-b')!
    f.dst.deleteRef('refs/heads/del-b')
    const bothA = f.src.commit('both', 'A moves both')
    const bothB = f.dst.commit('both', 'B moves both')
    f.src.deleteRef('refs/heads/del-mod')
    const delModB = f.dst.commit('del-mod', 'B moves del-mod')
    const newA = f.src.commit('new-a', 'new in A', { parent: upA })
    const newB = f.dst.commit('new-b', 'new in B', { parent: upB })
    const tdel = f.dst.sha('refs/tags/tdel-a')!
    f.src.deleteRef('refs/tags/tdel-a')
    const tmovedA = f.src.tag('tmoved', upA)
    const tmovedB = f.dst.sha('refs/tags/tmoved')!
    const tnewB = f.dst.tag('tnew-b', upB, true)
    const memBefore = memory(f.src, 'refs/heads/both')

    const run = await f.run({ ...BOTH, prune: 'true' })
    expect(run.outputs.result).toBe('conflicts')
    expect(run.code).toBe(1)
    expect(run.report!.refs.filter(r => r.result === 'skipped').map(r => r.ref)).toEqual([
      'refs/heads/both',
      'refs/heads/del-mod',
      'refs/tags/tmoved'
    ])
    expect(run.outputs.conflicts).toBe('3')
    expect(f.dst.sha('refs/heads/up-a')).toBe(upA)
    expect(f.src.sha('refs/heads/up-b')).toBe(upB)
    expect(refOf(run, 'refs/heads/up-b')).toMatchObject({ side: 'source', status: 'fast-forward', ahead: 1 })
    // Deleted on one side since the last sync, unchanged on the other: deleted there, backed up.
    expect(f.dst.sha('refs/heads/del-a')).toBeUndefined()
    expect(backups(f.dst, 'refs/heads/del-a')).toEqual([delA])
    expect(f.src.sha('refs/heads/del-b')).toBeUndefined()
    expect(backups(f.src, 'refs/heads/del-b')).toEqual([delB])
    expect(refOf(run, 'refs/heads/del-b')).toMatchObject({
      side: 'source',
      action: 'delete',
      result: 'applied',
      sourceAfter: null
    })
    expect(f.dst.sha('refs/tags/tdel-a')).toBeUndefined()
    expect(backups(f.dst, 'refs/tags/tdel-a')).toEqual([tdel])
    // Created where missing.
    expect(f.dst.sha('refs/heads/new-a')).toBe(newA)
    expect(f.src.sha('refs/heads/new-b')).toBe(newB)
    expect(f.src.sha('refs/tags/tnew-b')).toBe(tnewB)
    // Conflicts: left alone on both sides, reported, memory kept.
    expect([f.src.sha('refs/heads/both'), f.dst.sha('refs/heads/both')]).toEqual([bothA, bothB])
    expect(refOf(run, 'refs/heads/both')).toMatchObject({ status: 'diverged', result: 'skipped', side: null })
    expect(memory(f.src, 'refs/heads/both')).toBe(memBefore)
    expect(memory(f.dst, 'refs/heads/both')).toBe(memBefore)
    expect([f.src.sha('refs/heads/del-mod'), f.dst.sha('refs/heads/del-mod')]).toEqual([undefined, delModB])
    expect(refOf(run, 'refs/heads/del-mod')).toMatchObject({
      status: 'target-only',
      result: 'skipped',
      cause: { kind: 'diverged' }
    })
    expect([f.src.sha('refs/tags/tmoved'), f.dst.sha('refs/tags/tmoved')]).toEqual([tmovedA, tmovedB])
    expect(refOf(run, 'refs/tags/tmoved')).toMatchObject({ status: 'tag-moved', result: 'skipped' })
    // Memory follows what now agrees, and forgets what is gone from both.
    for (const ref of ['refs/heads/up-a', 'refs/heads/up-b', 'refs/heads/new-a', 'refs/tags/tnew-b'])
      for (const repo of [f.src, f.dst]) expect(memory(repo, ref), ref).toBe(repo.sha(ref))
    for (const ref of ['refs/heads/del-a', 'refs/heads/del-b', 'refs/tags/tdel-a'])
      for (const repo of [f.src, f.dst]) expect(memory(repo, ref), ref).toBeUndefined()

    // on-conflict: force: the source wins each conflict, the target's tip backed up first.
    const forced = await f.run({ ...BOTH, prune: 'true', 'on-conflict': 'force' })
    expect(forced.outputs.result).toBe('synced')
    expect(f.dst.sha('refs/heads/both')).toBe(bothA)
    expect(backups(f.dst, 'refs/heads/both')).toEqual([bothB])
    expect(f.dst.sha('refs/heads/del-mod')).toBeUndefined()
    expect(backups(f.dst, 'refs/heads/del-mod')).toEqual([delModB])
    expect(f.dst.sha('refs/tags/tmoved')).toBe(tmovedA)
    expect(heads(f.src)).toEqual(heads(f.dst))
    expect(memory(f.dst, 'refs/heads/both')).toBe(bothA)
  })

  it('without prune a ref deleted on one side is reported, kept on the other and never recreated', async () => {
    synced(['gone-a', 'gone-b'], ['tgone'])
    const goneA = f.dst.sha('refs/heads/gone-a')
    f.src.deleteRef('refs/heads/gone-a')
    const goneB = f.src.sha('refs/heads/gone-b')
    f.dst.deleteRef('refs/heads/gone-b')
    f.dst.deleteRef('refs/tags/tgone')
    for (let i = 0; i < 2; i++) {
      const run = await f.run(BOTH)
      expect(run.outputs.result).toBe('in-sync')
      expect(f.src.sha('refs/heads/gone-a')).toBeUndefined()
      expect(f.dst.sha('refs/heads/gone-a')).toBe(goneA)
      expect(f.dst.sha('refs/heads/gone-b')).toBeUndefined()
      expect(f.src.sha('refs/heads/gone-b')).toBe(goneB)
      expect(f.dst.sha('refs/tags/tgone')).toBeUndefined()
      expect(refOf(run, 'refs/heads/gone-a')).toMatchObject({ action: 'none', side: null })
      expect(refOf(run, 'refs/heads/gone-a').message).toMatch(
        /deleted in the source since the last sync.*not recreated/
      )
      expect(refOf(run, 'refs/heads/gone-b').message).toMatch(
        /deleted in the target since the last sync.*not recreated/
      )
      expect(run.summary).toContain('deleted on one side since the last sync and kept on the other')
    }
  })
})

describe('two-way sync: dry run, credentials', () => {
  it('a dry run plans each side and writes nothing to either repository', async () => {
    synced(['x'])
    f.src.commit('main', 'A moves main')
    f.dst.commit('x', 'B moves x')
    f.dst.commit('new-b', 'new in B', { parent: f.dst.sha('refs/heads/main')! })
    const src = f.src.refs()
    const dst = f.dst.refs()
    f.server.resetCounters()
    const run = await f.run({ ...BOTH, 'dry-run': 'true' })
    expect(run.outputs.result).toBe('dry-run')
    expect(f.src.refs()).toEqual(src)
    expect(f.dst.refs()).toEqual(dst)
    expect(pushes()).toEqual([])
    expect(JSON.parse(run.outputs['updated-refs']!)).toEqual([
      { ref: 'refs/heads/main', side: 'target', action: 'update', result: 'planned' },
      { ref: 'refs/heads/new-b', side: 'source', action: 'create', result: 'planned' },
      { ref: 'refs/heads/x', side: 'source', action: 'update', result: 'planned' }
    ])
    expect(run.summary).toMatch(/`heads\/x` \|[^\n]*\| source: [^\n]*_\(planned\)_/)
  })

  it('refuses to start without credentials that can write the source', async () => {
    f.src.commits('main', 1)
    const run = await f.run({ ...BOTH, 'source-token': '' })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.stdout).toMatch(
      /direction: both writes to the source as well, but .* has no credentials: give source-token/
    )
    expect(pushes()).toEqual([])
  })
})

describe('two-way sync: someone else writes during the run', () => {
  it('on either side: the lease (or git) refuses our write, their commit stays, the memory is not advanced', async () => {
    synced(['up-a', 'up-b', 'del-b'])
    const memUpA = memory(f.src, 'refs/heads/up-a')
    f.src.commit('up-a', 'A moves up-a')
    f.dst.commit('up-b', 'B moves up-b')
    f.dst.deleteRef('refs/heads/del-b')
    const intruders: Record<string, string> = {}
    before = r => {
      // Just before git reads each side's refs for its first push, someone pushes to that side.
      if (is.pushAdvert('dst.git')(r) && !intruders.dst)
        intruders.dst = f.dst.commit('up-a', 'their work in B')
      if (is.pushAdvert('src.git')(r) && !intruders.src) {
        intruders.src = f.src.commit('up-b', 'their work in A')
        intruders.srcDel = f.src.commit('del-b', 'their work on del-b in A')
      }
    }
    const run = await f.run({ ...BOTH, prune: 'true' })
    expect(intruders.dst && intruders.src).toBeTruthy()
    expect(run.outputs.result).toBe('failed')
    expect(f.dst.sha('refs/heads/up-a')).toBe(intruders.dst)
    expect(f.src.sha('refs/heads/up-b')).toBe(intruders.src)
    expect(f.src.sha('refs/heads/del-b')).toBe(intruders.srcDel)
    expect(refOf(run, 'refs/heads/up-a')).toMatchObject({ side: 'target', result: 'rejected' })
    expect(refOf(run, 'refs/heads/up-b')).toMatchObject({ side: 'source', result: 'rejected' })
    expect(refOf(run, 'refs/heads/del-b')).toMatchObject({
      side: 'source',
      action: 'delete',
      result: 'rejected',
      cause: { kind: 'lease-moved' }
    })
    expect(memory(f.src, 'refs/heads/up-a')).toBe(memUpA)
    expect(memory(f.dst, 'refs/heads/up-a')).toBe(memUpA)
  })

  it('the memory is written under a lease too: a memory moved meanwhile is kept, warned about, and settled by the next run', async () => {
    const tip = f.src.commits('main', 2)
    const other = f.src.commit('side', 'elsewhere', { parent: tip })
    f.dst.copyFrom(f.src)
    let moved = false
    before = r => {
      // The run's only push to B is its memory: someone else's run records another tip first.
      if (is.pushAdvert('dst.git')(r) && !moved) {
        moved = true
        f.dst.setRef('refs/mirror-sync/heads/main', other)
      }
    }
    const run = await f.run({ ...BOTH, branches: 'main' })
    expect(moved).toBe(true)
    expect(run.outputs.result).toBe('in-sync')
    expect(annotations(run.stdout, 'warning')).toEqual([
      expect.stringMatching(
        /^could not record the last synced tip of refs\/heads\/main in the target .*lease/
      )
    ])
    expect(memory(f.dst, 'refs/heads/main')).toBe(other)
    expect(memory(f.src, 'refs/heads/main')).toBe(tip)
    expect([f.src.sha('refs/heads/main'), f.dst.sha('refs/heads/main')]).toEqual([tip, tip])

    const again = await f.run({ ...BOTH, branches: 'main' })
    expect(again.outputs.result).toBe('in-sync')
    expect(memory(f.dst, 'refs/heads/main')).toBe(tip)
  })
})
