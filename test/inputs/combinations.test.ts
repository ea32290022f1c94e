import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseInputs } from '../../src/inputs.js'
import { annotations, is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'

/** Inputs that are fine together, or that deserve a warning rather than silence or an error. */
let f: MirrorFixture
let tip: string
beforeEach(async () => {
  f = await mirrorFixture()
  tip = f.src.commits('main', 2)
})
afterEach(async () => f.cleanup())

const writes = () => f.server.requests.filter(r => r.service === 'receive-pack')

describe('input combinations', () => {
  it('prune with dry-run succeeds and writes nothing', async () => {
    f.dst.copyFrom(f.src)
    f.dst.commit('old', 'target only', { parent: tip })
    const before = f.dst.refs()
    const r = await f.run({ branches: '**', prune: 'true', 'dry-run': 'true' })
    expect(r.code).toBe(0)
    expect(r.outputs.result).toBe('dry-run')
    expect(r.report!.refs.find(x => x.ref === 'refs/heads/old')).toMatchObject({
      action: 'delete',
      result: 'planned'
    })
    expect(writes()).toEqual([])
    expect(f.dst.refs()).toEqual(before)
  })

  it('a branch name without wildcards that matches nothing (a typo) fails, naming the near names', async () => {
    f.src.commits('maint', 1)
    const r = await f.run({ branches: 'mian, dev', tags: '' })
    expect(r.code).toBe(1)
    expect(r.outputs.result).toBe('failed')
    expect(r.report!.error).toBe(
      "branches pattern 'mian' matched no branch in the source or target: did you mean 'main', 'maint'?\n" +
        "branches pattern 'dev' matched no branch in the source or target: existing: 'main', 'maint'"
    )
    expect(r.summary).toContain('did you mean')
    expect(writes()).toEqual([])
  })

  it('a run that selects nothing fails instead of succeeding silently, naming what exists', async () => {
    f.src.tag('v1', tip)
    const r = await f.run({ force: 'true', branches: 'nothing-like-this/*', tags: '' })
    expect(r.code).toBe(1)
    expect(r.outputs.result).toBe('failed')
    expect(annotations(r.stdout, 'warning')).toEqual([
      "branches pattern 'nothing-like-this/*' matched no branch in the source or target"
    ])
    expect(r.report!.error).toBe(
      "no branch or tag was selected, so nothing would be mirrored: check the branches and tags inputs (branches that exist: 'main'; tags: 'v1')"
    )
    expect(writes()).toEqual([])
  })

  it('a branch pattern that matches nothing warns, while the others still mirror', async () => {
    f.src.tag('v1', tip)
    const r = await f.run({ branches: 'main, relase/*' })
    expect(r.outputs.result).toBe('synced')
    expect(annotations(r.stdout, 'warning')).toEqual([
      "branches pattern 'relase/*' matched no branch in the source or target"
    ])
    expect(r.summary).toContain('relase/\\*') // markdown-escaped, shown as relase/*
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
  })

  it("an empty 'branches' (what the runner passes when it is not set) means the default branch", async () => {
    f.src.commits('other', 1)
    const r = await f.run({ branches: '', tags: '' })
    expect(r.outputs.result).toBe('synced')
    expect(Object.keys(f.dst.refs())).toEqual(['refs/heads/main'])
    expect(r.stdout).toContain("branches: the source's default branch 'main'")
  })

  it("an empty 'tags' mirrors no tags; absent, all of them", () => {
    const base = { 'source-repo': 'o/a', 'target-repo': 'o/b' }
    expect(parseInputs({ ...base, tags: '' }, {}).tags).toEqual([])
    expect(parseInputs({ ...base, tags: '  ' }, {}).tags).toEqual([])
    expect(parseInputs(base, {}).tags).toEqual(['**'])
    expect(parseInputs({ ...base, branches: '' }, {}).branches).toBe('default-branch')
    expect(parseInputs({ ...base, branches: 'main,,dev' }, {}).branches).toEqual(['main', 'dev'])
  })

  it('booleans accept the spellings YAML and the runner produce', () => {
    const base = { 'source-repo': 'o/a', 'target-repo': 'o/b' }
    for (const t of ['true', 'True', 'TRUE', ' true '])
      expect(parseInputs({ ...base, force: t }, {}).force).toBe(true)
    for (const v of ['false', 'False', 'FALSE', ''])
      expect(parseInputs({ ...base, force: v }, {}).force).toBe(false)
  })

  it('prune without force deletes (with a backup) only target-only refs, never overwrites', async () => {
    f.dst.copyFrom(f.src)
    const theirs = f.dst.commit('main', 'target ahead')
    f.dst.commit('old', 'target only', { parent: tip })
    const r = await f.run({ branches: '**', prune: 'true' })
    expect(r.outputs.result).toBe('conflicts')
    expect(f.dst.sha('refs/heads/main')).toBe(theirs)
    expect(f.dst.sha('refs/heads/old')).toBeUndefined()
    expect(f.server.requests.filter(is.push('dst.git')).length).toBe(2) // backup, then the prune
  })
})

describe('a dry run without a target token (as the README and action.yml describe it)', () => {
  it('plans against a target anyone can read, and writes nothing', async () => {
    await f.cleanup()
    f = await mirrorFixture({ server: { anonymous: ['dst.git'] } })
    tip = f.src.commits('main', 2)
    const r = await f.run({ 'target-token': '', 'dry-run': 'true', tags: '' })
    expect(r.code, r.stdout).toBe(0)
    expect(r.outputs.result).toBe('dry-run')
    expect(r.report!.refs.map(x => [x.ref, x.action, x.result])).toEqual([
      ['refs/heads/main', 'create', 'planned']
    ])
    expect(writes()).toEqual([])
  })

  it('fails on a target only a token can read, saying no token was sent to it and where to give one', async () => {
    const r = await f.run({ 'target-token': '', 'dry-run': 'true', tags: '' })
    expect(r.code).toBe(1)
    expect(r.report!.error).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/dst\.git requires authentication and no token was sent to it: give a token for it in source-token or target-token \(an input whose secret does not exist, e\.g\. a misspelled name, is empty/
    )
    expect(writes()).toEqual([])
  })
})
