import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { adviceBlock, yamlInputs } from '../support/advice.js'
import { is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import type { RequestInfo } from '../support/git-http-server.js'

// Several action runs per test on a busy two-core machine.
vi.setConfig({ testTimeout: 240_000 })

/**
 * A forced run is undone two ways, both taken literally from its summary: the workflow_dispatch
 * inputs (mode: restore) and the git commands. Each must put every overwritten or deleted ref
 * back exactly, lease-safe, with the tips it replaces backed up first.
 */
let f: MirrorFixture
const temps: string[] = []
const old: Record<string, string> = {}
let forcedAt = ''
let hook: ((r: RequestInfo) => void) | undefined

beforeEach(async () => {
  hook = undefined
  f = await mirrorFixture({ server: { before: r => hook?.(r) } })
  const base = f.src.commits('main', 2)
  f.src.tag('v1', base, true)
  f.dst.copyFrom(f.src)
  // main diverged in the target, v1 moved there, and 'old' exists only in the target.
  old.main = f.dst.commit('main', 'work made only in the mirror', { file: 'mirror.txt' })
  f.src.commit('main', 'source work', { file: 'src.txt' })
  f.dst.deleteRef('refs/tags/v1')
  old.v1 = f.dst.tag('v1', old.main, true)
  old.old = f.dst.commit('old', 'target-only branch', { parent: base })
})
afterEach(async () => {
  await f.cleanup()
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
})

const backups = () => Object.entries(f.dst.refs()).filter(([r]) => r.startsWith('refs/mirror-backup/'))
/** Backup names carry the time to the second: the next run must not share it. */
const nextSecond = () => new Promise(r => setTimeout(r, 1100))

async function forcedRun(): Promise<string> {
  const run = await f.run({ branches: '**', force: 'true', prune: 'true' })
  expect(run.outputs.result, run.stdout).toBe('synced')
  expect(f.dst.sha('refs/heads/main')).toBe(f.src.sha('refs/heads/main'))
  expect(f.dst.sha('refs/heads/old')).toBeUndefined()
  forcedAt = /restore-from: (\d{8}T\d{6}Z)/.exec(run.summary)?.[1] ?? ''
  expect(forcedAt).not.toBe('')
  return run.summary
}

/**
 * Runs the summary's commands in bash, with the reader's own credentials for the target (as
 * `gh auth setup-git` would provide them). Asynchronous: the git server lives in this process.
 */
async function runScript(script: string, cwd: string) {
  const origin = new URL(f.server.url).origin
  const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${f.dstToken}`).toString('base64')}`
  await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], {
    cwd,
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_COUNT: '1',
      GIT_CONFIG_KEY_0: `http.${origin}/.extraHeader`,
      GIT_CONFIG_VALUE_0: header
    }
  })
}

const expectRestored = () => {
  expect(f.dst.sha('refs/heads/main')).toBe(old.main)
  expect(f.dst.sha('refs/tags/v1')).toBe(old.v1)
  expect(f.dst.sha('refs/heads/old')).toBe(old.old)
}

describe('undo a forced run', () => {
  it('with the one dispatch the summary gives: every ref back, its replaced tip backed up first', async () => {
    const summary = await forcedRun()
    const forced = { main: f.dst.sha('refs/heads/main')!, v1: f.dst.sha('refs/tags/v1')! }
    const inputs = yamlInputs(adviceBlock(summary, 'yaml', '### Undo this run'))
    expect(inputs).toEqual({
      mode: 'restore',
      'restore-from': forcedAt,
      branches: 'main\nold',
      tags: 'v1'
    })
    await nextSecond()

    const plan = await f.run({ ...inputs, 'dry-run': 'true' })
    expect(plan.outputs.result, plan.stdout).toBe('dry-run')
    expect(plan.report!.mode).toBe('restore')
    expect(plan.report!.refs.map(r => [r.ref, r.action, r.result])).toEqual([
      ['refs/heads/main', 'restore', 'planned'],
      ['refs/heads/old', 'restore', 'planned'],
      ['refs/tags/v1', 'restore', 'planned']
    ])
    expect(f.dst.sha('refs/heads/main')).toBe(forced.main)

    const run = await f.run(inputs)
    expect(run.outputs.result, run.stdout).toBe('synced')
    expect(run.report!.counts.restored).toBe(3)
    expect(run.outputs.updated).toBe('3')
    expect(run.summary).toMatch(/Restored: 3 refs put back/)
    expectRestored()
    // The tips the restore replaced are backups now, so the restore itself can be undone.
    const saved = backups().map(([, sha]) => sha)
    expect(saved).toEqual(expect.arrayContaining([forced.main, forced.v1]))
    expect(run.summary).toContain('### Undo this run')
    // Nothing left to do: a second restore from the same time finds every ref at its backup.
    await nextSecond()
    const again = await f.run(inputs)
    expect(again.outputs.result, again.stdout).toBe('in-sync')
    expect(again.summary).toMatch(/Nothing to restore: every selected ref is at its backup/)
    expectRestored()
  })

  it('with the git commands the summary gives, run as they are', async () => {
    const script = adviceBlock(await forcedRun(), 'sh', '### Undo this run').join('\n')
    expect(script).toContain('git fetch --no-tags')
    const work = mkdtempSync(path.join(os.tmpdir(), 'rm-undo-'))
    temps.push(work)
    await runScript(script, work)
    expectRestored()
  })

  it("with the README's git commands, filled in for this target as the README says", async () => {
    const summary = await forcedRun()
    const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('By hand, fetch the backup by name first'))
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!
    const backup = backups().find(([r]) => r.startsWith('refs/mirror-backup/heads/main/'))!
    const url = /git fetch --no-tags (\S+)/.exec(
      adviceBlock(summary, 'sh', '### Undo this run').join('\n')
    )![1]!
    const script = block
      .replaceAll('https://github.com/your-org/project.git', url)
      .replaceAll('refs/mirror-backup/heads/main/20261125T031700Z', backup[0])
      .replaceAll('<the tip main has now>', f.dst.sha('refs/heads/main')!)
    // Every placeholder was one the README names: nothing of the example is left to guess.
    expect(script).not.toMatch(/your-org|<|20261125T031700Z/)
    const work = mkdtempSync(path.join(os.tmpdir(), 'rm-readme-undo-'))
    temps.push(work)
    await runScript(script, work)
    expect(f.dst.sha('refs/heads/main')).toBe(old.main)
  })

  it("the git commands' leases refuse to overwrite a ref that moved since the run", async () => {
    const script = adviceBlock(await forcedRun(), 'sh', '### Undo this run').join('\n')
    const moved = f.dst.commit('main', 'pushed after the forced run')
    const work = mkdtempSync(path.join(os.tmpdir(), 'rm-undo-'))
    temps.push(work)
    await expect(runScript(script, work)).rejects.toThrow(/stale info/)
    expect(f.dst.sha('refs/heads/main')).toBe(moved)
  })

  it("restore-from picks each ref's state just before that time; latest picks the newest backup", async () => {
    await forcedRun()
    const first = forcedAt
    const forcedMain = f.dst.sha('refs/heads/main')!
    await nextSecond()
    // A second forced run overwrites main again.
    f.dst.commit('main', 'more mirror-only work', { file: 'm2.txt' })
    const second = f.dst.sha('refs/heads/main')!
    expect((await f.run({ branches: 'main', tags: '', force: 'true' })).outputs.result).toBe('synced')
    await nextSecond()

    const latest = await f.run({ mode: 'restore', 'restore-from': 'latest', branches: 'main', tags: '' })
    expect(latest.outputs.result, latest.stdout).toBe('synced')
    expect(f.dst.sha('refs/heads/main')).toBe(second)
    await nextSecond()

    const iso = `${first.slice(0, 4)}-${first.slice(4, 6)}-${first.slice(6, 8)}T${first.slice(9, 11)}:${first.slice(11, 13)}:${first.slice(13, 15)}Z`
    const before = await f.run({ mode: 'restore', 'restore-from': iso, branches: 'main', tags: '' })
    expect(before.outputs.result, before.stdout).toBe('synced')
    expect(f.dst.sha('refs/heads/main')).toBe(old.main)
    expect(forcedMain).not.toBe(old.main)
  })

  it('a restore with a lease: a ref that moves after the plan is not overwritten', async () => {
    await forcedRun()
    await nextSecond()
    let moved = ''
    hook = r => {
      // While the restore pushes (its backups go first): someone else moves main.
      if (is.push('dst.git')(r) && !moved) moved = f.dst.commit('main', 'concurrent push')
    }
    const run = await f.run({ mode: 'restore', 'restore-from': forcedAt, branches: 'main', tags: '' })
    expect(run.code).toBe(1)
    expect(run.report!.refs[0]).toMatchObject({ ref: 'refs/heads/main', result: 'rejected' })
    expect(f.dst.sha('refs/heads/main')).toBe(moved)
  })
})

describe('inputs of a restore', () => {
  it('refuses mode: restore without restore-from, and restore-from without mode: restore', async () => {
    const a = await f.run({ mode: 'restore' })
    expect(a.code).toBe(1)
    expect(a.stdout).toMatch(/mode: restore needs restore-from/)
    const b = await f.run({ 'restore-from': 'latest' })
    expect(b.stdout).toMatch(/restore-from is set but mode is not restore/)
    const c = await f.run({ mode: 'restore', 'restore-from': '2026-13-01T00:00:00Z' })
    expect(c.stdout).toMatch(/restore-from must be 'latest' or a UTC time/)
  })
})
