import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'

let f: MirrorFixture
beforeEach(async () => {
  f = await mirrorFixture()
})
afterEach(async () => f.cleanup())

describe('smoke', () => {
  it('creates the default branch and tags in an empty target', async () => {
    const tip = f.src.commits('main', 3)
    f.src.tag('v1', tip, true)
    const run = await f.run()
    console.log(run.stdout, run.stderr, run.summary)
    expect(run.code).toBe(0)
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
    expect(f.dst.sha('refs/tags/v1')).toBe(f.src.sha('refs/tags/v1'))
    expect(run.outputs.result).toBe('synced')
  })
})
