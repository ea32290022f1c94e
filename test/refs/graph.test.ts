import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Git } from '../../src/git/git.js'
import { CommitGraph } from '../../src/refs/graph.js'
import { BareRepo, git } from '../support/repos.js'

let root: string
let src: BareRepo
let work: Git
beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'rm-graph-'))
  src = BareRepo.create(root, 'src.git')
  work = await Git.init(path.join(root, 'work.git'))
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

/** Every ref tip of the work repository. */
const tips = () => git(work.gitDir, ['for-each-ref', '--format=%(objectname)']).split('\n').filter(Boolean)

/** Fetches refs from src into the work repository, shallow when depth is given. */
function fetch(refs: string[], depth?: number) {
  const args = [
    'fetch',
    '--quiet',
    '--no-tags',
    ...(depth ? [`--depth=${depth}`] : []),
    src.dir,
    ...refs.map(r => `+${r}:${r}`)
  ]
  git(work.gitDir, args)
}

describe('CommitGraph on real repositories', () => {
  it('counts ahead/behind like rev-list on complete history', async () => {
    const base = src.commits('main', 5)
    src.commit('side', 's1', { parent: base })
    src.commits('side', 3)
    src.commits('main', 4)
    fetch(['refs/heads/main', 'refs/heads/side'])
    const g = await CommitGraph.load(work, tips())
    const [m, s] = ['refs/heads/main', 'refs/heads/side'].map(r => src.sha(r)!)
    const truth = git(src.dir, ['rev-list', '--left-right', '--count', `${m}...${s}`])
      .split(/\s+/)
      .map(Number)
    expect(g.compare(m!, s!)).toEqual({ behind: truth[0], ahead: truth[1], exact: true })
    expect(g.isShallow).toBe(false)
  })

  it('flags counts that a shallow boundary could change, and trusts those inside the window', async () => {
    const base = src.commits('main', 10)
    src.commit('side', 's1', { parent: base })
    src.commits('side', 5)
    const t = src.commits('main', 5)
    fetch(['refs/heads/main', 'refs/heads/side'], 3)
    const g = await CommitGraph.load(work, tips())
    expect(g.isShallow).toBe(true)
    // The merge base is 6 commits down from both tips: below the 3-commit windows.
    expect(g.compare(src.sha('refs/heads/side')!, t)?.exact).toBe(false)
    // main~2 is inside main's window: exact.
    const back = git(src.dir, ['rev-parse', 'refs/heads/main~2'])
    expect(g.compare(t, back)).toEqual({ behind: 2, ahead: 0, exact: true })
  })

  it('allows pushing only tips whose new commits contain no shallow boundary', async () => {
    const old = src.commits('main', 10)
    const tip = src.commits('main', 2, 'new')
    src.commit('deep', 'd1', { parent: git(src.dir, ['rev-parse', 'refs/heads/main~9']) })
    fetch(['refs/heads/main', 'refs/heads/deep'], 3)
    const g = await CommitGraph.load(work, tips())
    const deep = src.sha('refs/heads/deep')!
    // The remote holds `old` (main before the two new commits): main's new commits sit on it.
    expect([...g.pushable([tip, deep], [old])]).toEqual([tip])
    // Against an empty remote every window ends at a boundary.
    expect(g.pushable([tip], []).size).toBe(0)
  })
})
