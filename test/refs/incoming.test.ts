import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Git } from '../../src/git/git.js'
import type { PlannedRef } from '../../src/record.js'
import { MAX_COMMITS_PER_REF, incomingCommits } from '../../src/refs/incoming.js'

let root: string
let work: Git
const run = (args: string[], input?: string) =>
  execFileSync('git', args, {
    cwd: work.gitDir,
    input,
    encoding: 'utf8',
    env: { ...process.env, GIT_DIR: work.gitDir }
  })

/**
 * A tangled history written with fast-import: merges, many commits with the same committer time, and
 * parents younger than their children (skewed clocks), where the order of `git log` is least obvious.
 */
function history(): string {
  const lines: string[] = []
  let mark = 0
  const tips = new Map<string, number>()
  const commit = (branch: string, time: number, merge?: string) => {
    const m = ++mark
    lines.push(`commit refs/heads/${branch}`, `mark :${m}`)
    lines.push(`author A${m % 3} <a@example.com> ${time} +0100`, `committer C <c@example.com> ${time} +0000`)
    const msg = `${branch} ${m} <b>subject</b>`
    lines.push(`data ${Buffer.byteLength(msg)}`, msg)
    const from = tips.get(branch)
    if (from) lines.push(`from :${from}`)
    if (merge) lines.push(`merge :${tips.get(merge)}`)
    lines.push(`M 100644 inline f${m % 7}`, 'data 2', `${m % 10}`, '')
    tips.set(branch, m)
  }
  for (let i = 0; i < 30; i++) commit('main', 1000 + i)
  // The target's main: everything above. Then branches off it with equal and skewed times.
  lines.push('reset refs/heads/base', `from :${tips.get('main')}`, '')
  for (const b of ['a', 'b', 'c']) {
    lines.push(`reset refs/heads/${b}`, `from :${tips.get('main')}`, '')
    tips.set(b, tips.get('main')!)
  }
  for (let i = 0; i < 12; i++) {
    commit('a', 2000)
    commit('b', 2000 + (i % 2 ? 50 : -50))
    if (i % 4 === 3) commit('a', 1999, 'b')
  }
  for (let i = 0; i < 40; i++) commit('c', 3000 - i)
  commit('c', 2500, 'a')
  run(['fast-import', '--quiet'], lines.join('\n') + '\n')
  return run(['rev-parse', 'refs/heads/base']).trim()
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'rm-incoming-'))
  work = await Git.init(path.join(root, 'work.git'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('incomingCommits', () => {
  it('lists and counts exactly what git log and rev-list --count say, for every ref, in one walk', async () => {
    const base = history()
    const refs = ['a', 'b', 'c'].map(b => `refs/heads/${b}`)
    const updates = refs.map(
      (ref): PlannedRef =>
        ({
          ref,
          action: 'create',
          sourceSha: run(['rev-parse', ref]).trim(),
          targetBefore: null,
          behind: null
        }) as PlannedRef
    )
    const incoming = await incomingCommits(work, updates, { refs: new Map([['refs/heads/main', base]]) })
    for (const ref of refs) {
      const log = run([
        'log',
        `--max-count=${MAX_COMMITS_PER_REF}`,
        '--format=%H %an %aI %s',
        ref,
        `^${base}`
      ])
      const count = Number(run(['rev-list', '--count', ref, `^${base}`]))
      const got = incoming.get(ref)!
      expect(got.total).toBe(count)
      expect(got.commits.map(c => `${c.sha} ${c.author} ${c.date} ${c.subject}`).join('\n')).toBe(log.trim())
    }
    // The test means something: the lists are full and some count goes beyond them.
    expect(incoming.get('refs/heads/c')!.commits).toHaveLength(MAX_COMMITS_PER_REF)
    expect(incoming.get('refs/heads/c')!.total).toBeGreaterThan(MAX_COMMITS_PER_REF)
  })
})
