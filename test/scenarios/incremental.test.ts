import { randomBytes } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import { git, type BareRepo } from '../support/repos.js'
import { allRecords } from '../../src/report/build.js'

// Each test builds histories of hundreds of commits and runs the action, often twice: on a
// busy two-core machine that takes several times as long as on an idle one.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 })

let f: MirrorFixture
beforeEach(async () => {
  f = await mirrorFixture()
})
afterEach(async () => f.cleanup())

/** n commits of ~3 KB incompressible content each, rewriting one of 4 files, so history outweighs a tree. */
function grow(repo: BareRepo, branch: string, n: number, label = branch): string {
  return repo.commitSeries(
    branch,
    Array.from({ length: n }, (_, i) => ({
      message: `${label} ${i}`,
      file: `f${i % 4}.bin`,
      content: randomBytes(2300).toString('base64')
    }))
  )
}

/** What real git says on complete repositories: [commits only the target has, commits only the source has]. */
function truth(ref: string): [number, number] {
  f.dst.copyFrom(f.src, [`+${ref}:refs/truth/source`])
  const out = git(f.dst.dir, ['rev-list', '--left-right', '--count', `${ref}...refs/truth/source`])
  git(f.dst.dir, ['update-ref', '-d', 'refs/truth/source'])
  const [ahead, behind] = out.split(/\s+/).map(Number)
  return [ahead!, behind!]
}

/** The target must stay a complete, connected repository whatever we pushed from a shallow one. */
function assertTargetWhole() {
  expect(git(f.dst.dir, ['rev-parse', '--is-shallow-repository'])).toBe('false')
  git(f.dst.dir, ['fsck', '--connectivity-only', '--no-dangling'])
}

/** Requests that negotiate or carry a pack (protocol v2 lists refs with a POST too: command=ls-refs). */
const packRequests = () => f.server.requests.filter(r => r.method === 'POST' && r.command !== 'ls-refs')
const sourceBytes = () =>
  f.server.requests.filter(r => r.repo === 'src.git').reduce((n, r) => n + r.bytesOut, 0)
const refOf = (run: Awaited<ReturnType<MirrorFixture['run']>>, ref: string) =>
  allRecords(run.report!).find(r => r.ref === ref)!

describe('no-op run', () => {
  it('lists both sides and downloads no object at all, yet writes the summary and report', async () => {
    grow(f.src, 'main', 30)
    f.src.commit('feature', 'feature 1', { parent: f.src.sha('refs/heads/main') })
    f.src.tag('v1', f.src.sha('refs/heads/main')!, true)
    f.dst.copyFrom(f.src)
    f.server.resetCounters()

    const run = await f.run({ branches: '**', tags: '**' })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('in-sync')
    expect(run.report!.counts.upToDate).toBe(3)
    expect(run.summary).not.toBe('')
    // Only the two ref listings: no fetch negotiated, nothing pushed.
    expect(packRequests()).toEqual([])
    const listings = f.server.requests.filter(r => r.method === 'POST')
    expect(listings.map(r => `${r.repo} ${r.command}`).sort()).toEqual(['dst.git ls-refs', 'src.git ls-refs'])
    expect(f.server.bytesOut).toBeLessThan(4000)
    expect(run.report!.timings['Analyse: fetch source']).toBeUndefined()
  })

  it('also with prune on, when nothing exists only in the target', async () => {
    grow(f.src, 'main', 10)
    f.dst.copyFrom(f.src)
    f.server.resetCounters()
    const run = await f.run({ branches: '**', tags: '**', prune: 'true' })
    expect(run.outputs.result).toBe('in-sync')
    expect(packRequests()).toEqual([])
  })
})

describe('incremental run', () => {
  it('downloads about the delta, pushes from the shallow window, and keeps the target whole', async () => {
    grow(f.src, 'main', 100)
    const base = f.src.sha('refs/heads/main')!
    for (const b of ['a', 'b', 'c']) f.src.commit(b, `${b} 1`, { parent: base })
    f.server.resetCounters()
    const first = await f.run({ branches: '**' })
    expect(first.outputs.result).toBe('synced')
    const fullBytes = sourceBytes()

    grow(f.src, 'main', 5, 'new')
    f.src.commit('a', 'a 2')
    f.src.commit('b', 'b 2')
    f.server.resetCounters()
    const run = await f.run({ branches: '**' })

    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(f.dst.refs()).toEqual(f.src.refs())
    assertTargetWhole()
    expect(refOf(run, 'refs/heads/main')).toMatchObject({ status: 'fast-forward', behind: 5, ahead: 0 })
    expect(refOf(run, 'refs/heads/a')).toMatchObject({ status: 'fast-forward', behind: 1, ahead: 0 })
    expect(refOf(run, 'refs/heads/c').status).toBe('up-to-date')
    // 100 commits of history weigh ~250 KB; the delta plus a few trees is a small fraction of it.
    const fromSource = sourceBytes()
    expect(fromSource).toBeLessThan(fullBytes / 4)
    // Fast-forwards onto the target's tips: the delta alone settles them, no window is read.
    expect(run.stdout).toMatch(/the delta settled all 3 differing refs/)
    expect(run.report!.fetchRounds).toEqual([{ depth: null, refs: 3, settled: 3, objects: 'delta' }])
    // One push for all refs.
    expect(f.server.requests.filter(r => r.method === 'POST' && r.service === 'receive-pack')).toHaveLength(1)
    expect(run.report!.timings['Analyse: fetch source']).toBeGreaterThanOrEqual(0)
  })

  it('settles a branch 40 commits behind from the delta alone, with its exact count', async () => {
    grow(f.src, 'main', 20)
    f.dst.copyFrom(f.src)
    grow(f.src, 'main', 40, 'later')
    const run = await f.run()
    expect(run.outputs.result).toBe('synced')
    expect(refOf(run, 'refs/heads/main')).toMatchObject({ status: 'fast-forward', behind: 40, ahead: 0 })
    expect(run.report!.fetchRounds).toEqual([{ depth: null, refs: 1, settled: 1, objects: 'delta' }])
    expect(f.dst.sha('refs/heads/main')).toBe(f.src.sha('refs/heads/main'))
    assertTargetWhole()
  })

  it('counts the commits of an old branch merged into main (paths longer than the window)', async () => {
    grow(f.src, 'main', 30)
    const fork = f.src.sha('refs/heads/main')!
    f.src.setRef('refs/heads/side', fork)
    grow(f.src, 'side', 25, 'side')
    grow(f.src, 'main', 25, 'main later')
    f.dst.copyFrom(f.src, ['+refs/heads/main:refs/heads/main'])
    const t = f.src.sha('refs/heads/main')!
    const merge = git(f.src.dir, [
      'commit-tree',
      `${t}^{tree}`,
      '-p',
      t,
      '-p',
      'refs/heads/side',
      '-m',
      'merge side'
    ])
    f.src.setRef('refs/heads/main', merge)

    const [ahead, behind] = truth('refs/heads/main')
    expect([ahead, behind]).toEqual([0, 26])
    const run = await f.run()
    expect(refOf(run, 'refs/heads/main')).toMatchObject({ status: 'fast-forward', ahead, behind })
    // The merged commits stand on a target commit that is no tip: the windows settle it, the delta follows.
    expect(run.stdout).toMatch(/shallow fetch of commits/)
    expect(run.stdout).toMatch(/fetched the objects the target lacks/)
    expect(f.dst.sha('refs/heads/main')).toBe(merge)
    assertTargetWhole()
  })

  it('creates a branch forked deep in history without making the target shallow', async () => {
    grow(f.src, 'main', 50)
    f.dst.copyFrom(f.src)
    const old = git(f.src.dir, ['rev-parse', 'refs/heads/main~45'])
    f.src.setRef('refs/heads/old', old)
    f.src.commit('old', 'old 1')
    f.src.tag('old-tag', old, true)
    const run = await f.run({ branches: '**', tags: '**' })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(f.dst.refs()).toEqual(f.src.refs())
    assertTargetWhole()
  })
})

/** A snapshot of `files` text files in nested folders (some 7 levels deep), then `edits` one-file commits. */
function realisticTree(repo: BareRepo, files: number, edits: number) {
  const contents = Array.from({ length: files }, () => randomBytes(520).toString('base64'))
  const pathOf = (k: number) =>
    k % 50 === 0 ? `deep/a/b/c/d/e/f/file${k}.txt` : `lib/m${k % 12}/p${k % 5}/file${k}.txt`
  const blob = (k: number) => `M 100644 inline ${pathOf(k)}\ndata ${contents[k]!.length}\n${contents[k]}\n`
  let stream = `commit refs/heads/main\ncommitter T <t@example.com> 1600000000 +0000\ndata 4\nroot\n`
  stream += contents.map((_, k) => blob(k)).join('') + '\n'
  for (let i = 0; i < edits; i++) {
    const k = (i * 37) % files
    contents[k] += `\nedit ${i} ${randomBytes(24).toString('hex')}`
    const message = `edit ${i}\n`
    stream += `commit refs/heads/main\ncommitter T <t@example.com> ${1600000001 + i} +0000\ndata ${message.length}\n${message}${blob(k)}\n`
  }
  git(repo.dir, ['fast-import', '--quiet'], stream)
}

/** Appends a line to each of these files of `ref` in its own commit. */
function edit(repo: BareRepo, ref: string, files: string[]) {
  for (const [i, file] of files.entries()) {
    const old = git(repo.dir, ['cat-file', 'blob', `${ref}:${file}`])
    const content = `${old}\nnew line ${i}\n`
    git(
      repo.dir,
      ['fast-import', '--quiet'],
      `commit ${ref}\ncommitter T <t@example.com> ${1700000000 + i} +0000\ndata 4\nnew\nfrom ${ref}^0\nM 100644 inline ${file}\ndata ${content.length}\n${content}\n`
    )
  }
}

describe('incremental run on a realistic tree', () => {
  it('moves only the delta, not a snapshot of the files, with exact counts and a whole target', async () => {
    realisticTree(f.src, 600, 40)
    f.src.setRef('refs/heads/topic', git(f.src.dir, ['rev-parse', 'refs/heads/main~6']))
    f.dst.copyFrom(f.src)
    // Edits on main since the target's copy, one of them 8 folders deep; a branch moved onto main.
    edit(f.src, 'refs/heads/main', [
      'lib/m1/p1/file1.txt',
      'deep/a/b/c/d/e/f/file50.txt',
      'lib/m7/p2/file7.txt'
    ])
    f.src.setRef('refs/heads/topic', f.src.sha('refs/heads/main')!)
    const [, behind] = truth('refs/heads/main')
    expect(behind).toBe(3)
    f.server.resetCounters()

    const run = await f.run({ branches: '**' })
    expect(run.outputs.result).toBe('synced')
    expect(f.dst.refs()).toEqual(f.src.refs())
    assertTargetWhole()
    expect(refOf(run, 'refs/heads/main')).toMatchObject({ status: 'fast-forward', ahead: 0, behind })
    expect(refOf(run, 'refs/heads/topic')).toMatchObject({ status: 'fast-forward', ahead: 0, behind: 9 })
    // topic's count needs the history between its old tip and main's: the windows read it.
    expect(run.stdout).toMatch(/fetched the objects the target lacks/)
    // 600 files of ~700 bytes are a ~420 KB snapshot; three edits are a few KB with their folders' trees.
    const packs = packRequests()
      .filter(r => r.repo === 'src.git')
      .reduce((n, r) => n + r.bytesOut, 0)
    expect(packs).toBeLessThan(40_000)
  })
})

describe('backups from a shallow work repository', () => {
  it('prunes a target-only branch and force-moves a tag, saving both old tips', async () => {
    grow(f.src, 'main', 30)
    f.src.tag('v1', f.src.sha('refs/heads/main')!, true)
    f.dst.copyFrom(f.src)
    const gone = f.dst.commit('gone', 'only in target', { parent: f.dst.sha('refs/heads/main') })
    const oldTag = f.dst.sha('refs/tags/v1')!
    grow(f.src, 'main', 2, 'newer')
    git(f.src.dir, ['tag', '-f', '-a', '-m', 'moved', 'v1', 'refs/heads/main'])

    const run = await f.run({ branches: '**', tags: '**', prune: 'true', force: 'true' })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(f.dst.sha('refs/heads/gone')).toBeUndefined()
    expect(f.dst.sha('refs/tags/v1')).toBe(f.src.sha('refs/tags/v1'))
    const backups = Object.entries(f.dst.refs()).filter(
      ([r]) => !r.startsWith('refs/heads/') && !r.startsWith('refs/tags/')
    )
    expect(backups.map(([, id]) => id).sort()).toEqual([gone, oldTag].sort())
    assertTargetWhole()
  })
})

describe('fallback to the complete history', () => {
  it('a diverged branch gets exact ahead/behind counts although its fork point is below every window', async () => {
    grow(f.src, 'main', 20)
    f.dst.copyFrom(f.src)
    grow(f.dst, 'main', 3, 'target only')
    grow(f.src, 'main', 30, 'source only')
    const [ahead, behind] = truth('refs/heads/main')
    expect([ahead, behind]).toEqual([3, 30])

    const run = await f.run()
    expect(run.outputs.result).toBe('conflicts')
    expect(refOf(run, 'refs/heads/main')).toMatchObject({
      status: 'diverged',
      ahead: 3,
      behind: 30,
      action: 'skip'
    })
    expect(run.report!.fetchRounds!.at(-1)).toEqual({ depth: null, refs: 1, settled: 1 })

    const forced = await f.run({ force: 'true' })
    expect(forced.outputs.result).toBe('synced')
    expect(f.dst.sha('refs/heads/main')).toBe(f.src.sha('refs/heads/main'))
    assertTargetWhole()
  })

  it('a branch with no history in common with the target is pushed whole', async () => {
    grow(f.src, 'main', 10)
    f.dst.copyFrom(f.src)
    f.src.commit('orphan', 'root', { parent: null })
    grow(f.src, 'orphan', 20, 'orphan')
    const run = await f.run({ branches: '**' })
    expect(run.outputs.result).toBe('synced')
    // The delta holds the orphan's whole history: nothing shallow is pushed, no complete fetch needed.
    expect(run.report!.fetchRounds).toEqual([{ depth: null, refs: 1, settled: 1, objects: 'delta' }])
    expect(f.dst.refs()).toEqual(f.src.refs())
    assertTargetWhole()
  })

  it('an empty target gets a complete fetch at once (no shallow rounds)', async () => {
    grow(f.src, 'main', 10)
    f.src.tag('v1', f.src.sha('refs/heads/main')!, true)
    const run = await f.run({ branches: '**', tags: '**' })
    expect(run.outputs.result).toBe('synced')
    expect(run.report!.fetchRounds).toEqual([{ depth: null, refs: 2, settled: 2 }])
    expect(f.dst.refs()).toEqual(f.src.refs())
    assertTargetWhole()
  })
})
