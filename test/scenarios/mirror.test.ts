import { afterEach, describe, expect, it } from 'vitest'
import type { ActionRun } from '../support/action.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import { allRecords } from '../../src/report/build.js'

let f: MirrorFixture
afterEach(async () => f?.cleanup())

const refOf = (run: ActionRun, ref: string) => allRecords(run.report!).find(r => r.ref === ref)!

describe('mirror scenarios through the real entry', () => {
  it('creates branches and annotated tags in an empty target, keeping the tag object', async () => {
    f = await mirrorFixture()
    const tip = f.src.commits('main', 3)
    const tagObj = f.src.tag('v1', tip, true)
    f.src.tag('light', tip)
    const run = await f.run()
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(run.outputs.updated).toBe('3')
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
    expect(f.dst.sha('refs/tags/v1')).toBe(tagObj)
    expect(f.dst.sha('refs/tags/light')).toBe(tip)
    expect(refOf(run, 'refs/heads/main')).toMatchObject({
      status: 'create',
      result: 'applied',
      targetBefore: null,
      targetAfter: tip
    })
    expect(refOf(run, 'refs/tags/v1')).toMatchObject({ status: 'tag-new', result: 'applied' })
    expect(run.summary).toContain('Synced: 3 refs updated')
    // Credentials travelled as a Basic header, never in the URL.
    expect(f.server.authHeaders.length).toBeGreaterThan(0)
    expect(f.server.requests.every(r => !r.path.includes('token'))).toBe(true)
  })

  it('reports in-sync without downloading anything when all refs match', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    f.server.resetCounters()
    // The debug log names every git command the run starts.
    const run = await f.run({}, { env: { RUNNER_DEBUG: '1' } })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('in-sync')
    expect(run.outputs.updated).toBe('0')
    expect(f.server.requests.filter(r => r.command === 'fetch' || r.service === 'receive-pack')).toEqual([])
    expect(f.server.requests.filter(r => r.command === 'ls-refs')).toHaveLength(2)
    // Nothing to fetch, so no work repository is made: the two listings are the only git commands.
    const commands = run.stdout.match(/^::debug::git \S+/gm) ?? []
    expect(commands).toEqual(['::debug::git ls-remote', '::debug::git ls-remote'])
    expect(refOf(run, 'refs/heads/main')).toMatchObject({
      status: 'up-to-date',
      result: 'unchanged',
      ahead: 0,
      behind: 0
    })
  })

  it('fast-forwards a target that is behind, with ahead/behind counts', async () => {
    f = await mirrorFixture()
    const base = f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    const tip = f.src.commits('main', 4, 'more')
    const run = await f.run()
    expect(run.code).toBe(0)
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
    expect(refOf(run, 'refs/heads/main')).toMatchObject({
      status: 'fast-forward',
      ahead: 0,
      behind: 4,
      targetBefore: base,
      targetAfter: tip
    })
  })

  it('leaves a target that is ahead alone without force and fails the step', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    const ahead = f.dst.commits('main', 2, 'target-only work')
    const before = f.dst.refs()
    const run = await f.run()
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('conflicts')
    expect(run.outputs.conflicts).toBe('1')
    expect(run.outputs.skipped).toBe('1')
    expect(f.dst.refs()).toEqual(before)
    expect(f.dst.sha('refs/heads/main')).toBe(ahead)
    expect(refOf(run, 'refs/heads/main')).toMatchObject({
      status: 'target-ahead',
      result: 'skipped',
      ahead: 2,
      behind: 0,
      cause: { kind: 'target-ahead', detail: 'target has 2 commits the source lacks' }
    })
    expect(run.stdout).toMatch(/::error::.*refs\/heads\/main: target has 2 commits the source lacks/)
  })

  it('diverged: skipped without force; with force the old tip is backed up, then overwritten', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    const srcTip = f.src.commits('main', 3, 'source side')
    const oldTip = f.dst.commits('main', 2, 'target side')

    const skipped = await f.run()
    expect(skipped.code).not.toBe(0)
    expect(refOf(skipped, 'refs/heads/main')).toMatchObject({
      status: 'diverged',
      ahead: 2,
      behind: 3,
      result: 'skipped'
    })
    expect(f.dst.sha('refs/heads/main')).toBe(oldTip)

    const forced = await f.run({ force: 'true' })
    expect(forced.code).toBe(0)
    expect(forced.outputs.result).toBe('synced')
    const r = refOf(forced, 'refs/heads/main')
    expect(r).toMatchObject({
      status: 'diverged',
      action: 'force-update',
      result: 'applied',
      targetBefore: oldTip,
      targetAfter: srcTip
    })
    expect(r.backupRef).toMatch(/^refs\/mirror-backup\/heads\/main\/\d{8}T\d{6}Z$/)
    expect(f.dst.sha('refs/heads/main')).toBe(srcTip)
    expect(f.dst.sha(r.backupRef!)).toBe(oldTip)
    expect(f.dst.hasObject(oldTip)).toBe(true)
  })

  it('tags: new ones pushed, moved ones skipped unless forced (then backed up)', async () => {
    f = await mirrorFixture()
    const a = f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    const b = f.src.commits('main', 1, 'b')
    f.dst.tag('v1', a, true)
    const v1src = f.src.tag('v1', b, true)
    const v2 = f.src.tag('v2', b)
    const oldV1 = f.dst.sha('refs/tags/v1')!

    const run = await f.run()
    expect(run.outputs.result).toBe('conflicts')
    expect(refOf(run, 'refs/tags/v1')).toMatchObject({ status: 'tag-moved', result: 'skipped' })
    expect(refOf(run, 'refs/tags/v2')).toMatchObject({ status: 'tag-new', result: 'applied' })
    expect(f.dst.sha('refs/tags/v1')).toBe(oldV1)
    expect(f.dst.sha('refs/tags/v2')).toBe(v2)

    const forced = await f.run({ force: 'true' })
    expect(forced.code).toBe(0)
    const r = refOf(forced, 'refs/tags/v1')
    expect(r).toMatchObject({ status: 'tag-moved', result: 'applied', targetAfter: v1src })
    expect(f.dst.sha('refs/tags/v1')).toBe(v1src)
    expect(f.dst.sha(r.backupRef!)).toBe(oldV1)
  })

  it('a lightweight tag replaced by an annotated tag of the same commit says so', async () => {
    f = await mirrorFixture()
    const a = f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    f.dst.tag('v1', a)
    f.src.tag('v1', a, true)
    const other = f.src.commits('main', 1, 'later')
    f.dst.tag('v2', a)
    f.src.tag('v2', other)

    const run = await f.run()
    expect(run.outputs.result).toBe('conflicts')
    expect(refOf(run, 'refs/tags/v1')).toMatchObject({
      status: 'tag-moved',
      result: 'skipped',
      ahead: 0,
      behind: 0,
      cause: { kind: 'tag-moved' }
    })
    expect(refOf(run, 'refs/tags/v1').message).toMatch(
      /^tag object differs in the target but points at the same commit \(a lightweight tag replaced by an annotated one/
    )
    expect(refOf(run, 'refs/tags/v2').message).toMatch(/^tag points elsewhere in the target/)
  })

  it('prune off reports target-only refs; prune on deletes them after a backup', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 1)
    f.dst.copyFrom(f.src)
    const stale = f.dst.commit('stale', 'only in target', { parent: null })
    const run = await f.run({ branches: '**', tags: '' })
    expect(run.code).toBe(0)
    expect(refOf(run, 'refs/heads/stale')).toMatchObject({
      status: 'target-only',
      action: 'none',
      result: 'unchanged'
    })
    expect(f.dst.sha('refs/heads/stale')).toBe(stale)

    const pruned = await f.run({ branches: '**', tags: '', prune: 'true' })
    expect(pruned.code).toBe(0)
    const r = refOf(pruned, 'refs/heads/stale')
    expect(r).toMatchObject({ status: 'target-only', action: 'delete', result: 'applied', targetAfter: null })
    expect(f.dst.sha('refs/heads/stale')).toBeUndefined()
    expect(f.dst.sha(r.backupRef!)).toBe(stale)
  })

  it("mirrors the source's real default branch when it is not main", async () => {
    f = await mirrorFixture({ defaultBranch: 'trunk' })
    const tip = f.src.commits('trunk', 2)
    f.src.commits('other', 1)
    const run = await f.run({ tags: '' })
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("default branch 'trunk'")
    expect(f.dst.refs()).toEqual({ 'refs/heads/trunk': tip })
  })

  it('selects branches by globs with exclusions', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 1)
    f.src.commits('release/1.0', 1)
    f.src.commits('release/2.0', 1)
    f.src.commits('release/old/0.9', 1)
    const run = await f.run({ branches: 'release/*\n!release/1.0', tags: '' })
    expect(run.code).toBe(0)
    expect(Object.keys(f.dst.refs())).toEqual(['refs/heads/release/2.0'])
  })

  it('dry-run plans everything and leaves every target ref byte-identical', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 2)
    f.dst.copyFrom(f.src)
    f.src.commits('main', 1, 'new')
    f.src.commits('feature', 1)
    f.src.tag('v9', f.src.sha('refs/heads/main')!)
    f.dst.commit('gone', 'x', { parent: null })
    const before = f.dst.refs()
    const run = await f.run({ 'dry-run': 'true', branches: '**', force: 'true', prune: 'true' })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('dry-run')
    expect(run.outputs.updated).toBe('0')
    expect(run.outputs.planned).toBe('4')
    expect(f.dst.refs()).toEqual(before)
    expect(f.server.requests.filter(r => r.service === 'receive-pack')).toEqual([])
    expect(
      run
        .report!.refs.filter(r => r.result === 'planned')
        .map(r => r.ref)
        .sort()
    ).toEqual(['refs/heads/feature', 'refs/heads/gone', 'refs/heads/main', 'refs/tags/v9'])
  })

  it('lease: a target moved between analysis and push is not overwritten, even with force', async () => {
    let intruder = ''
    f = await mirrorFixture({
      server: {
        before: req => {
          // Someone pushes to the target right before our push starts.
          if (req.service === 'receive-pack' && req.method === 'GET' && !intruder)
            intruder = f.dst.commits('main', 1, 'intruder')
        }
      }
    })
    f.src.commits('main', 1)
    f.dst.copyFrom(f.src)
    f.src.commits('main', 2, 'source')
    f.dst.commits('main', 1, 'diverging')
    const run = await f.run({ force: 'true' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('failed')
    expect(f.dst.sha('refs/heads/main')).toBe(intruder)
    const r = refOf(run, 'refs/heads/main')
    expect(r.result).toBe('rejected')
    expect(r.cause?.kind).toBe('lease-moved')
    expect(r.message).toMatch(/moved after analysis.*lease/)
    // The backup still holds the tip we analysed: nothing is lost either way.
    expect(f.dst.sha(r.backupRef!)).toBe(r.targetBefore)
  })

  it('a wrong token fails with one clear line that names the repository, not the token', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 1)
    f.tokens.push('ghp_wrong_token_value_123456')
    const run = await f.run({ 'target-token': 'ghp_wrong_token_value_123456' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('failed')
    const errors = run.stdout.split('\n').filter(l => l.startsWith('::error::'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /authentication to http:\/\/127\.0\.0\.1:\d+\/dst\.git failed: the token is invalid, expired, or not allowed/
    )
    expect(f.dst.refs()).toEqual({})
  })
})

describe('local paths', () => {
  it('mirrors between relative local paths, resolved against the working directory', async () => {
    f = await mirrorFixture()
    const tip = f.src.commits('main', 2)
    const { runAction } = await import('../support/action.js')
    const run = await runAction({ 'source-repo': './src.git', 'target-repo': './dst.git' }, { cwd: f.root })
    expect(run.code).toBe(0)
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
  })
})

describe('ref listings', () => {
  it('never downloads hidden refs such as refs/pull/*, nor mirrors them', async () => {
    f = await mirrorFixture()
    const tip = f.src.commits('main', 1)
    const refs = Array.from({ length: 3000 }, (_, i) => `create refs/pull/${i}/head ${tip}`).join('\n')
    const { git } = await import('../support/repos.js')
    git(f.src.dir, ['update-ref', '--stdin'], refs + '\n')
    f.server.resetCounters()
    const run = await f.run({ branches: 'main', tags: '' })
    expect(run.code).toBe(0)
    expect(f.dst.refs()).toEqual({ 'refs/heads/main': tip })
    // 3,000 pull refs would be ~200 kB of listing; with the heads/tags ref-prefix it stays tiny.
    const listed = f.server.requests.filter(r => r.repo === 'src.git' && r.command === 'ls-refs')
    expect(listed).toHaveLength(1)
    expect(listed[0]!.bytesOut).toBeLessThan(5_000)
  })
})
