import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SyncReport } from '../../src/report/schema.js'
import { annotations, holdAt, is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import type { RequestInfo } from '../support/git-http-server.js'
import { allRecords } from '../../src/report/build.js'

/**
 * Races made deterministic: the server holds one run's request at a chosen protocol step while
 * another run (or "someone else") writes to the target, then lets it go.
 */
let f: MirrorFixture
let before: (r: RequestInfo) => Promise<void> | void
let base: string

beforeEach(async () => {
  before = () => undefined
  f = await mirrorFixture({ server: { before: r => before(r) } })
  base = f.src.commits('main', 2)
  f.dst.copyFrom(f.src)
})
afterEach(async () => f.cleanup())

const LEASE = /the target ref moved after analysis .*so the lease refused the push; nothing was overwritten/
const refOf = (report: SyncReport | undefined, ref: string) => allRecords(report!).find(x => x.ref === ref)!
const backupsOf = (sha: string) =>
  Object.entries(f.dst.refs()).filter(([r, s]) => r.startsWith('refs/mirror-backup/') && s === sha)

describe('two runs against the same target at the same time', () => {
  for (const [step, match] of [
    ['its push request', is.push('dst.git')],
    ['its push advertisement', is.pushAdvert('dst.git')]
  ] as const) {
    it(`the source moved between the runs; the first is held at ${step}: the newer state wins, the other is refused by its lease`, async () => {
      const s1 = f.src.commit('main', 'first')
      const hold = holdAt(match, 1)
      before = hold.before
      const first = f.run({ tags: '' })
      await hold.held
      // The first run has analysed (main: base → s1) and is about to write; the source moves on.
      const s2 = f.src.commit('main', 'second')
      const second = await f.run({ tags: '' })
      hold.release()
      const late = await first

      expect(second.outputs.result).toBe('synced')
      expect(refOf(second.report, 'refs/heads/main')).toMatchObject({
        result: 'applied',
        targetBefore: base,
        targetAfter: s2
      })
      expect(late.outputs.result).toBe('failed')
      expect(late.code).toBe(1)
      expect(refOf(late.report, 'refs/heads/main')).toMatchObject({
        result: 'rejected',
        targetBefore: base,
        targetAfter: s2
      })
      expect(refOf(late.report, 'refs/heads/main').message).toMatch(LEASE)
      expect(annotations(late.stdout, 'error')).toEqual([
        expect.stringMatching(/^refs\/heads\/main: the target ref moved after analysis/)
      ])
      // Every ref correct, nothing lost: the target has the newest tip, which contains the other.
      expect(f.dst.refs()).toEqual({ 'refs/heads/main': s2 })
      expect(f.dst.isAncestor(s1, s2)).toBe(true)
    })
  }

  it('both runs want the same update: the one that comes second finds it done and says so', async () => {
    const tip = f.src.commit('main', 'new')
    const hold = holdAt(is.push('dst.git'), 1)
    before = hold.before
    const first = f.run({ tags: '' })
    await hold.held
    const second = await f.run({ tags: '' })
    hold.release()
    const late = await first
    expect(second.outputs.result).toBe('synced')
    expect(late.outputs.result).toBe('synced')
    expect(refOf(late.report, 'refs/heads/main')).toMatchObject({ result: 'applied', targetAfter: tip })
    expect(refOf(late.report, 'refs/heads/main').message).toMatch(
      /already there when this push arrived .*confirmed by re-reading the target/
    )
    expect(f.dst.refs()).toEqual({ 'refs/heads/main': tip })
  })

  it('both force a diverged target: the old tip is kept in a backup, the later run is refused by its lease', async () => {
    const theirs = f.dst.commit('main', 'only in the target')
    const s1 = f.src.commit('main', 'only in the source')
    const hold = holdAt(is.push('dst.git'), 1) // the first run's backup push
    before = hold.before
    const first = f.run({ tags: '', force: 'true' })
    await hold.held
    const s2 = f.src.commit('main', 'source moves on')
    const second = await f.run({ tags: '', force: 'true' })
    hold.release()
    const late = await first

    expect(second.outputs.result).toBe('synced')
    expect(refOf(second.report, 'refs/heads/main')).toMatchObject({
      action: 'force-update',
      result: 'applied',
      targetAfter: s2
    })
    expect(late.outputs.result).toBe('failed')
    const main = refOf(late.report, 'refs/heads/main')
    expect(main).toMatchObject({
      action: 'force-update',
      result: 'rejected',
      targetBefore: theirs,
      targetAfter: s2
    })
    expect(main.message).toMatch(LEASE)
    expect(f.dst.sha('refs/heads/main')).toBe(s2)
    expect(f.dst.isAncestor(s1, s2)).toBe(true)
    // The overwritten tip survives under the backup prefix, whichever run saved it.
    expect(backupsOf(theirs).length).toBeGreaterThanOrEqual(1)
    expect(f.dst.sha(refOf(second.report, 'refs/heads/main').backupRef!)).toBe(theirs)
  })
})

describe('someone else pushes to the target between analysis and push', () => {
  it('force=true: a commit pushed before our push is not overwritten (client-side lease)', async () => {
    const theirs = f.dst.commit('main', 'target only')
    f.src.commit('main', 'source only')
    let intruder = ''
    let adverts = 0
    before = r => {
      // 1: the backup push, 2: the forced update; someone pushes just before git reads the refs.
      if (is.pushAdvert('dst.git')(r) && ++adverts === 2)
        intruder = f.dst.commit('main', 'pushed by someone else')
    }
    const r = await f.run({ tags: '', force: 'true' })
    expect(intruder).not.toBe('')
    expect(r.code).toBe(1)
    expect(r.outputs.result).toBe('failed')
    const main = refOf(r.report, 'refs/heads/main')
    expect(main).toMatchObject({
      action: 'force-update',
      result: 'rejected',
      targetBefore: theirs,
      targetAfter: intruder
    })
    expect(main.message).toMatch(LEASE)
    expect(f.dst.sha('refs/heads/main')).toBe(intruder)
    expect(f.dst.sha(main.backupRef!)).toBe(theirs)
    expect(annotations(r.stdout, 'error')).toEqual([
      expect.stringMatching(/^refs\/heads\/main: the target ref moved after analysis/)
    ])
  })

  it('force=true: a commit that lands while our push is in flight is not overwritten (server-side check)', async () => {
    f.dst.commit('main', 'target only')
    f.src.commit('main', 'source only')
    let intruder = ''
    let posts = 0
    before = r => {
      // After the push's advertisement, before git applies our update.
      if (is.push('dst.git')(r) && ++posts === 2) intruder = f.dst.commit('main', 'pushed by someone else')
    }
    const r = await f.run({ tags: '', force: 'true' })
    expect(intruder).not.toBe('')
    expect(r.outputs.result).toBe('failed')
    expect(refOf(r.report, 'refs/heads/main')).toMatchObject({ result: 'rejected', targetAfter: intruder })
    expect(refOf(r.report, 'refs/heads/main').message).toMatch(LEASE)
    expect(f.dst.sha('refs/heads/main')).toBe(intruder)
  })

  it('fast-forward: a commit pushed on top of the target is kept', async () => {
    f.src.commit('main', 'source moves')
    let intruder = ''
    before = r => {
      if (is.pushAdvert('dst.git')(r) && !intruder) intruder = f.dst.commit('main', 'pushed by someone else')
    }
    const r = await f.run({ tags: '' })
    expect(r.outputs.result).toBe('failed')
    expect(refOf(r.report, 'refs/heads/main')).toMatchObject({
      action: 'update',
      result: 'rejected',
      targetBefore: base,
      targetAfter: intruder
    })
    expect(refOf(r.report, 'refs/heads/main').message).toMatch(LEASE)
    expect(f.dst.sha('refs/heads/main')).toBe(intruder)
  })

  it('create: a branch someone else creates first is kept', async () => {
    f.src.commits('feature', 1)
    let intruder = ''
    before = r => {
      if (is.pushAdvert('dst.git')(r) && !intruder)
        intruder = f.dst.commit('feature', 'their feature', { parent: base })
    }
    const r = await f.run({ tags: '', branches: 'main, feature' })
    expect(r.outputs.result).toBe('failed')
    expect(refOf(r.report, 'refs/heads/feature')).toMatchObject({
      action: 'create',
      result: 'rejected',
      targetBefore: null,
      targetAfter: intruder
    })
    expect(refOf(r.report, 'refs/heads/main')).toMatchObject({ result: 'unchanged' })
    expect(f.dst.sha('refs/heads/feature')).toBe(intruder)
  })

  it('prune: a target-only branch that someone moves is not deleted', async () => {
    const old = f.dst.commit('stale', 'target only', { parent: base })
    let intruder = ''
    let adverts = 0
    before = r => {
      if (is.pushAdvert('dst.git')(r) && ++adverts === 2) intruder = f.dst.commit('stale', 'revived')
    }
    const r = await f.run({ tags: '', branches: '**', prune: 'true' })
    expect(intruder).not.toBe('')
    expect(r.outputs.result).toBe('failed')
    const stale = refOf(r.report, 'refs/heads/stale')
    expect(stale).toMatchObject({
      action: 'delete',
      result: 'rejected',
      targetBefore: old,
      targetAfter: intruder
    })
    expect(stale.message).toMatch(LEASE)
    expect(f.dst.sha('refs/heads/stale')).toBe(intruder)
    expect(f.dst.sha(stale.backupRef!)).toBe(old)
  })

  it('force=true: a branch someone deletes meanwhile is not recreated blindly', async () => {
    const theirs = f.dst.commit('main', 'target only')
    f.src.commit('main', 'source only')
    let adverts = 0
    before = r => {
      if (is.pushAdvert('dst.git')(r) && ++adverts === 2) f.dst.deleteRef('refs/heads/main')
    }
    const r = await f.run({ tags: '', force: 'true' })
    expect(r.outputs.result).toBe('failed')
    const main = refOf(r.report, 'refs/heads/main')
    expect(main).toMatchObject({ result: 'rejected', targetBefore: theirs, targetAfter: null })
    expect(main.message).toMatch(LEASE)
    expect(f.dst.sha('refs/heads/main')).toBeUndefined()
    expect(f.dst.sha(main.backupRef!)).toBe(theirs)
  })
})
