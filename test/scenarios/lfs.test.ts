import { readFileSync } from 'node:fs'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import { LfsClone } from '../support/lfs-client.js'
import { lfsObjectPath, lfsObjects, randomContent, type LfsOptions } from '../support/lfs-store.js'

let f: MirrorFixture
let seed: LfsClone
const lfsOpts: LfsOptions = {}
const clones: LfsClone[] = []

const ATTRIBUTES = '*.bin filter=lfs diff=lfs merge=lfs -text\n'
const big = randomContent(300_000)
const small = randomContent(2_000)

beforeEach(async () => {
  for (const k of Object.keys(lfsOpts)) delete lfsOpts[k as keyof LfsOptions]
  f = await mirrorFixture({ server: { lfs: lfsOpts } })
  // The real git-lfs client puts the objects into the source's LFS store through the batch API.
  seed = await LfsClone.clone(f.server.repoUrl('src.git'), f.srcToken)
  clones.push(seed)
  await seed.commitAndPush(
    'main',
    { '.gitattributes': ATTRIBUTES, 'big.bin': big, 'data/small.bin': small, README: 'plain file\n' },
    'LFS files'
  )
})
afterEach(async () => {
  for (const c of clones.splice(0)) c.remove()
  await f.cleanup()
})

const uploadsTo = (repo: string) => f.server.lfs.uploads.filter(u => u.repo === repo).map(u => u.oid)

describe('Git LFS objects travel with the refs that need them', () => {
  it('the first mirror copies every object byte for byte, and a real git-lfs checkout of the target gets the files', async () => {
    const srcObjects = lfsObjects(f.src.dir)
    expect(srcObjects).toHaveLength(2)
    const run = await f.run()
    expect(run.code, run.stdout).toBe(0)
    expect(f.dst.sha('refs/heads/main')).toBe(f.src.sha('refs/heads/main'))
    expect(lfsObjects(f.dst.dir)).toEqual(srcObjects)
    for (const oid of srcObjects)
      expect(
        readFileSync(lfsObjectPath(f.dst.dir, oid)).equals(readFileSync(lfsObjectPath(f.src.dir, oid)))
      ).toBe(true)
    expect(run.report!.lfs).toEqual({ mode: 'auto', objects: 2, missing: 2, copied: 2, bytes: 302_000 })
    expect(run.summary).toContain(
      '**Git LFS:** 2 object(s) copied (302000 bytes) of 2 the pushed commits point to'
    )
    // The objects were in the target's store before its ref was pushed: a real client checks out whole files.
    const check = await LfsClone.clone(f.server.repoUrl('dst.git'), f.dstToken)
    clones.push(check)
    await check.git(['lfs', 'pull'])
    expect(check.read('big.bin').equals(big)).toBe(true)
    expect(check.read('data/small.bin').equals(small)).toBe(true)
  })

  it('an incremental run uploads only the new objects', async () => {
    expect((await f.run()).code).toBe(0)
    expect(uploadsTo('dst.git')).toHaveLength(2)
    const added = randomContent(5_000)
    await seed.commitAndPush('main', { 'new.bin': added, 'big.bin': big }, 'one more LFS file')
    f.server.lfs.uploads.length = 0
    const run = await f.run()
    expect(run.code, run.stdout).toBe(0)
    expect(uploadsTo('dst.git')).toHaveLength(1)
    expect(run.report!.lfs).toMatchObject({ objects: 1, missing: 1, copied: 1, bytes: 5_000 })
    expect(lfsObjects(f.dst.dir)).toEqual(lfsObjects(f.src.dir))
  })

  it('lfs: false copies nothing and the summary says how many objects the target is missing', async () => {
    const run = await f.run({ lfs: 'false' })
    expect(run.code, run.stdout).toBe(0)
    expect(f.dst.sha('refs/heads/main')).toBe(f.src.sha('refs/heads/main'))
    expect(lfsObjects(f.dst.dir)).toEqual([])
    expect(f.server.lfs.downloads).toEqual([])
    expect(run.report!.lfs).toEqual({ mode: 'false', objects: 2, missing: 2, copied: 0, bytes: 0 })
    expect(run.summary).toContain(
      '2 of 2 LFS object(s) the pushed commits point to are missing on the target and were not copied (`lfs: false`)'
    )
  })

  it('LFS disabled on the target, quota exceeded, object over the size limit: one clear error each, no ref pushed', async () => {
    lfsOpts.disabled = ['dst.git']
    const disabled = await f.run()
    expect(disabled.code).toBe(1)
    expect(disabled.report!.error).toMatch(
      /the target \S+dst\.git: Git LFS is not enabled there \(HTTP 404\)/
    )
    delete lfsOpts.disabled

    lfsOpts.quotaBytes = 1_000
    const quota = await f.run()
    expect(quota.code).toBe(1)
    expect(quota.report!.error).toMatch(
      /Git LFS storage or bandwidth quota is exceeded \(the server said: This repository is over its data quota/
    )
    delete lfsOpts.quotaBytes

    lfsOpts.maxObjectSize = 100_000
    const tooBig = await f.run()
    expect(tooBig.code).toBe(1)
    expect(tooBig.report!.error).toMatch(
      /LFS object [0-9a-f]{64} \(300000 bytes\) is over the host's size limit/
    )

    expect(f.dst.refs()).toEqual({})
    expect(uploadsTo('dst.git')).toEqual([])
  })
})
