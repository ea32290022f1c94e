import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseBackups } from '../../src/backups/list.js'
import { expiredBackups, pruneBackups } from '../../src/backups/retention.js'
import { Git } from '../../src/git/git.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'

// Several action runs per test on a busy two-core machine.
vi.setConfig({ testTimeout: 180_000 })

const P = 'refs/mirror-backup/'
let f: MirrorFixture
let tip: string
beforeEach(async () => {
  f = await mirrorFixture()
  tip = f.src.commits('main', 2)
  f.dst.copyFrom(f.src)
})
afterEach(async () => f.cleanup())

const backups = () =>
  Object.keys(f.dst.refs())
    .filter(r => r.startsWith(P))
    .sort()

describe('backup-retention-days', () => {
  it('deletes backups older than the limit, never the newest of a ref, and lists them', async () => {
    const other = f.dst.commit('side', 'side', { parent: tip })
    f.dst.setRef(`${P}heads/main/20200101T000000Z`, tip)
    f.dst.setRef(`${P}heads/main/20200201T000000Z`, other)
    f.dst.setRef(`${P}heads/main/29990101T000000Z`, tip)
    // The only backup of v1: kept however old it is.
    f.dst.setRef(`${P}tags/v1/20190101T000000Z`, tip)
    f.dst.setRef(`${P}heads/gone/20200101T000000Z`, other)
    f.dst.setRef(`${P}heads/gone/20200301T000000Z`, tip)

    const dry = await f.run({ 'backup-retention-days': '30', 'dry-run': 'true' })
    expect(dry.report!.backupsPruned!.map(b => [b.ref, b.result])).toEqual([
      [`${P}heads/gone/20200101T000000Z`, 'planned'],
      [`${P}heads/main/20200101T000000Z`, 'planned'],
      [`${P}heads/main/20200201T000000Z`, 'planned']
    ])
    expect(dry.summary).toContain('Backups due for deletion by backup-retention-days (3)')
    expect(backups()).toHaveLength(6)

    const run = await f.run({ 'backup-retention-days': '30' })
    expect(run.outputs.result, run.stdout).toBe('in-sync')
    expect(run.report!.backupsPruned!.every(b => b.result === 'deleted')).toBe(true)
    expect(run.summary).toContain('Backups deleted by backup-retention-days (3)')
    expect(backups()).toEqual([
      `${P}heads/gone/20200301T000000Z`,
      `${P}heads/main/29990101T000000Z`,
      `${P}tags/v1/20190101T000000Z`
    ])
  })

  it('keeps every backup when the input is not set', async () => {
    f.dst.setRef(`${P}heads/main/20000101T000000Z`, tip)
    f.dst.setRef(`${P}heads/main/20000102T000000Z`, tip)
    const run = await f.run()
    expect(run.report!.backupsPruned).toBeUndefined()
    expect(backups()).toHaveLength(2)
  })
})

describe('expiredBackups', () => {
  const list = parseBackups(
    new Map([
      [`${P}heads/a/20260101T000000Z`, 'a'.repeat(40)],
      [`${P}heads/a/20260110T000000Z`, 'b'.repeat(40)],
      [`${P}heads/a/not-a-stamp`, 'c'.repeat(40)],
      [`${P}tags/x/y/20250101T000000Z`, 'd'.repeat(40)]
    ]),
    P
  )
  it('parses names with slashes and ignores what is not a backup', () => {
    expect(list.map(b => [b.of, b.stamp])).toEqual([
      ['refs/heads/a', '20260101T000000Z'],
      ['refs/heads/a', '20260110T000000Z'],
      ['refs/tags/x/y', '20250101T000000Z']
    ])
  })
  it('counts age from the run and spares the newest of each ref', () => {
    const now = new Date('2026-01-12T00:00:00Z')
    expect(expiredBackups(list, now, 5).map(b => b.stamp)).toEqual(['20260101T000000Z'])
    expect(expiredBackups(list, now, 1).map(b => b.stamp)).toEqual(['20260101T000000Z'])
    expect(expiredBackups(list, now, 20)).toEqual([])
  })
})

describe('pruneBackups', () => {
  let work: string
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'rm-retention-'))
  })
  afterEach(() => rmSync(work, { recursive: true, force: true }))

  it('leaves a backup that was rewritten after the listing (the lease refuses)', async () => {
    const newer = f.dst.commit('side', 'side', { parent: tip })
    f.dst.setRef(`${P}heads/main/20200101T000000Z`, newer)
    const git = await Git.init(work)
    const target = { url: f.dst.dir, display: 'dst', local: true }
    const listed = {
      ref: `${P}heads/main/20200101T000000Z`,
      sha: tip,
      of: 'refs/heads/main',
      stamp: '20200101T000000Z'
    }
    const [result] = await pruneBackups(git, target, [listed], false, 0)
    expect(result).toMatchObject({ result: 'failed' })
    expect(f.dst.sha(`${P}heads/main/20200101T000000Z`)).toBe(newer)
  })
})
