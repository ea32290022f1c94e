import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'

let f: MirrorFixture
beforeEach(async () => {
  f = await mirrorFixture()
})
afterEach(async () => f.cleanup())

/** Runs again and proves the run was a no-op: in-sync, nothing downloaded, nothing written. */
async function expectNoOp(inputs: Record<string, string>) {
  const before = f.dst.refs()
  f.server.resetCounters()
  const again = await f.run(inputs)
  expect(again.code).toBe(0)
  expect(again.outputs.result).toBe('in-sync')
  expect(again.outputs.updated).toBe('0')
  expect(again.report!.refs).toEqual([])
  expect(Object.keys(again.report!.upToDate)).toHaveLength(again.report!.counts.selected)
  expect(f.server.requests.filter(is.pushAdvert('dst.git'))).toEqual([])
  expect(f.server.requests.filter(is.push('dst.git'))).toEqual([])
  expect(f.server.requests.filter(is.fetch('src.git'))).toEqual([]) // refs compared by id only
  expect(f.dst.refs()).toEqual(before)
  return again
}

describe('running twice in a row: the second run is a no-op that reports in-sync', () => {
  it('branches and tags (lightweight and annotated)', async () => {
    const main = f.src.commits('main', 3)
    f.src.commits('release/1.x', 2)
    f.src.commit('feature/a', 'a', { parent: main })
    f.src.tag('v1', main, true)
    f.src.tag('light', main)
    const inputs = { branches: '**', tags: '**' }
    const first = await f.run(inputs)
    expect(first.outputs.result).toBe('synced')
    expect(first.outputs.updated).toBe('5')
    const again = await expectNoOp(inputs)
    expect(again.report!.counts).toMatchObject({ selected: 5, upToDate: 5 })
  })

  it('after a forced update and a prune, with backups kept', async () => {
    const base = f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    const theirs = f.dst.commit('main', 'only in target')
    const stale = f.dst.commit('stale', 'target only', { parent: base })
    f.src.commit('main', 'only in source')
    const inputs = { branches: '**', force: 'true', prune: 'true' }
    const first = await f.run(inputs)
    expect(first.outputs.result).toBe('synced')
    const backups = Object.entries(f.dst.refs()).filter(([r]) => r.startsWith('refs/mirror-backup/'))
    expect(backups.map(([, s]) => s).sort()).toEqual([theirs, stale].sort())
    await expectNoOp(inputs)
  })

  it('dry runs write nothing, however often', async () => {
    f.src.commits('main', 2)
    const before = f.dst.refs()
    for (let i = 0; i < 2; i++) {
      const r = await f.run({ 'dry-run': 'true' })
      expect(r.outputs.result).toBe('dry-run')
      expect(r.outputs.planned).toBe('1')
      expect(f.server.requests.filter(is.pushAdvert('dst.git'))).toEqual([])
      expect(f.dst.refs()).toEqual(before)
    }
  })
})
