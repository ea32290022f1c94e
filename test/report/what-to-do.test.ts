import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../support/action.js'
import { adviceBlock as block, yamlInputs as parseInputs } from '../support/advice.js'
import { BareRepo } from '../support/repos.js'

/**
 * The summary's "What to do" advice, followed to the letter against real repositories: each
 * of its three ways out must leave a next run without conflicts.
 */
let root: string
let src: BareRepo
let dst: BareRepo
const temps: string[] = []
const old: Record<string, string> = {}

beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'rm-advice-'))
  src = BareRepo.create(root, 'src.git')
  dst = BareRepo.create(root, 'dst.git')
  const base = src.commits('main', 2)
  src.commit('feature', 'feature base', { parent: base })
  src.tag('v1', base, true)
  dst.copyFrom(src)
  // main: the target has a commit the source lacks; feature: both moved on; v1: moved in the target.
  old.main = dst.commit('main', 'hotfix made in the mirror', { file: 'hotfix.txt' })
  src.commit('feature', 'source work', { file: 'a.txt' })
  old.feature = dst.commit('feature', 'mirror work', { file: 'b.txt' })
  dst.deleteRef('refs/tags/v1')
  old.v1 = dst.tag('v1', old.main, true)
})
afterEach(() => {
  for (const d of [root, ...temps.splice(0)]) rmSync(d, { recursive: true, force: true })
})

async function mirror(inputs: Record<string, string> = {}): Promise<ActionRun> {
  const run = await runAction({ 'source-repo': src.dir, 'target-repo': dst.dir, branches: '**', ...inputs })
  temps.push(run.runnerTemp)
  return run
}

async function conflicted(): Promise<string> {
  const run = await mirror()
  expect(run.outputs.result).toBe('conflicts')
  expect(run.code).toBe(1)
  expect(run.summary).toContain('### What to do')
  return run.summary
}

describe('What to do, followed literally', () => {
  it('1. the suggested inputs overwrite exactly the conflicting refs, with backups', async () => {
    const inputs = parseInputs(block(await conflicted(), 'yaml'))
    expect(inputs).toEqual({ force: 'true', branches: 'feature\nmain', tags: 'v1' })
    const run = await mirror(inputs)
    expect(run.outputs.result, run.stdout).toBe('synced')
    for (const ref of ['refs/heads/main', 'refs/heads/feature', 'refs/tags/v1'])
      expect(dst.sha(ref)).toBe(src.sha(ref))
    const backups = Object.entries(dst.refs()).filter(([r]) => r.startsWith('refs/mirror-backup/'))
    expect(backups.map(([, sha]) => sha).sort()).toEqual([old.main, old.feature, old.v1].sort())
    expect((await mirror()).outputs.result).toBe('in-sync')
  })

  it("2. the git commands bring the target's version into the source, and the next run is clean", async () => {
    const script = block(await conflicted(), 'sh').join('\n')
    const work = mkdtempSync(path.join(os.tmpdir(), 'rm-advice-work-'))
    temps.push(work)
    execFileSync('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: work,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        GIT_AUTHOR_NAME: 'Maintainer',
        GIT_AUTHOR_EMAIL: 'm@example.com',
        GIT_COMMITTER_NAME: 'Maintainer',
        GIT_COMMITTER_EMAIL: 'm@example.com',
        GIT_EDITOR: 'true'
      },
      stdio: 'pipe'
    })
    // Nothing of the target's was lost: its tips are now in the source's history.
    expect(src.sha('refs/heads/main')).toBe(old.main)
    expect(src.isAncestor(old.feature!, src.sha('refs/heads/feature')!)).toBe(true)
    expect(src.sha('refs/tags/v1')).toBe(old.v1)
    const run = await mirror()
    expect(run.outputs.result, run.stdout).toBe('synced')
    expect(run.report!.counts).toMatchObject({ conflicts: 0, fastForwarded: 1, upToDate: 2 })
  })

  it('3. excluding the suggested patterns leaves nothing in conflict', async () => {
    const summary = await conflicted()
    const excluded = [...summary.matchAll(/`(![^`]+)`/g)].map(m => m[1]!)
    expect(excluded).toEqual(['!feature', '!main', '!v1'])
    // Another branch is still mirrored: a run that selects nothing at all fails on purpose.
    const docs = src.commits('docs', 1)
    const run = await mirror({
      branches: ['**', ...excluded.filter(p => p !== '!v1')].join('\n'),
      tags: ['**', '!v1'].join('\n')
    })
    expect(run.outputs.result, run.stdout).toBe('synced')
    expect(run.report!.counts).toMatchObject({ conflicts: 0, created: 1, selected: 1 })
    expect(dst.sha('refs/heads/docs')).toBe(docs)
    expect(dst.sha('refs/heads/main')).toBe(old.main)
  })
})
