import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { MAX_COMMITS_PER_REF } from '../../src/refs/incoming.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import { git } from '../support/repos.js'

// Several action runs per test on a busy two-core machine.
vi.setConfig({ testTimeout: 180_000 })

/** The report says what arrived: each updated ref's incoming commits, capped, with the total. */
let f: MirrorFixture
beforeEach(async () => {
  f = await mirrorFixture()
})
afterEach(async () => f.cleanup())

const subjects = (commits: { subject: string }[]) => commits.map(c => c.subject)

describe('what changed', () => {
  it('lists the commits a fast-forward, a new branch and a forced update bring, newest first', async () => {
    const base = f.src.commits('main', 2, 'base')
    f.src.commit('topic', 'topic start', { parent: base })
    f.dst.copyFrom(f.src, ['refs/heads/main:refs/heads/main'])
    f.dst.commit('forced', 'only in the mirror', { parent: base })
    f.src.commits('main', 3, 'new')
    f.src.commit('forced', 'source side', { parent: base })

    const run = await f.run({ branches: '**', tags: '', force: 'true' })
    expect(run.outputs.result, run.stdout).toBe('synced')
    const by = Object.fromEntries(run.report!.refs.map(r => [r.name, r]))
    expect(by.main!.incoming!.total).toBe(3)
    expect(subjects(by.main!.incoming!.commits)).toEqual(['new 2', 'new 1', 'new 0'])
    expect(by.main!.incoming!.commits[0]).toMatchObject({
      sha: f.src.sha('refs/heads/main'),
      author: 'Mirror Test',
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/)
    })
    // A new branch brings only what the target has on no ref; a forced update its own side.
    expect(subjects(by.topic!.incoming!.commits)).toEqual(['topic start'])
    expect(subjects(by.forced!.incoming!.commits)).toEqual(['source side'])
    expect(run.summary).toContain('### What arrived')
    expect(run.summary).toMatch(/<details><summary>`heads\/main`: 3 commits<\/summary>/)
  })

  it('caps the list per ref and keeps the exact total', async () => {
    f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    f.src.commits('main', MAX_COMMITS_PER_REF + 5, 'bulk')
    const run = await f.run({ 'dry-run': 'true' })
    const main = run.report!.refs[0]!
    expect(main.result).toBe('planned')
    expect(main.incoming!.total).toBe(MAX_COMMITS_PER_REF + 5)
    expect(main.incoming!.commits).toHaveLength(MAX_COMMITS_PER_REF)
    expect(run.summary).toContain('### What would arrive')
    expect(run.summary).toContain(`…and ${MAX_COMMITS_PER_REF + 5 - 10} more`)
  })

  it('escapes subjects and author names: remote text cannot open links, HTML or code', async () => {
    f.src.commits('main', 1)
    f.dst.copyFrom(f.src)
    const evil = 'Fix <img src=x onerror=alert(1)> [click](https://evil.example) `rm -rf` | cell'
    const tip = f.src.sha('refs/heads/main')!
    const tree = git(f.src.dir, ['rev-parse', `${tip}^{tree}`])
    const sha = git(f.src.dir, ['-c', 'user.name=x', 'commit-tree', tree, '-p', tip, '-m', evil])
    git(f.src.dir, ['update-ref', 'refs/heads/main', sha])
    const run = await f.run()
    expect(run.report!.refs[0]!.incoming!.commits[0]!.subject).toBe(evil)
    const line = run.summary.split('\n').find(l => l.includes('onerror'))!
    expect(line).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(line).toContain('\\[click\\](')
    expect(line).not.toContain('[click](')
    expect(line).toContain('\\`rm -rf\\` \\| cell')
    expect(run.summary).not.toContain('<img')
  })

  it('lists nothing for refs that did not change', async () => {
    f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    const run = await f.run()
    expect(run.outputs.result).toBe('in-sync')
    // An in-sync ref is one id in upToDate: there is no record to carry incoming commits.
    expect(run.report!.refs).toEqual([])
    expect(Object.keys(run.report!.upToDate)).toEqual(['refs/heads/main'])
    expect(run.summary).not.toContain('What arrived')
  })
})
