import { execFileSync } from 'node:child_process'
import { chmodSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { ActionRun } from '../support/action.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import { git } from '../support/repos.js'
import { allRecords } from '../../src/report/build.js'

let f: MirrorFixture
afterEach(async () => f?.cleanup())

const refOf = (run: ActionRun, ref: string) => allRecords(run.report!).find(r => r.ref === ref)!

/** Installs a real pre-receive hook (sh) in the target; it reads "<old> <new> <ref>" lines on stdin. */
function preReceive(body: string): void {
  const hook = path.join(f.dst.dir, 'hooks', 'pre-receive')
  writeFileSync(hook, `#!/bin/sh\n${body}\n`)
  chmodSync(hook, 0o755)
}

/** git clone with no GIT_DIR in its environment (the repos helper sets one). */
const clone = (args: string[]) =>
  execFileSync('git', ['clone', '--quiet', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME }
  })

/** A hook line that logs how many refs each push updates, for asserting batch sizes. */
const countRefs = (log: string) => `refs=$(cat); echo "$refs" | wc -l >> ${log}`

describe('a target that refuses part of a push', () => {
  it('a ruleset-style refusal of one ref (named by the server) lands every other ref, quoting the server', async () => {
    f = await mirrorFixture()
    const tip = f.src.commits('main', 2)
    f.src.commits('frozen', 1)
    f.src.commits('feature', 1)
    f.src.tag('v1', tip, true)
    preReceive(`while read old new ref; do
  if [ "$ref" = refs/heads/frozen ]; then
    echo "error: GH013: Repository rule violations found for refs/heads/frozen." >&2
    echo "- Cannot create ref due to creations being restricted." >&2
    fail=1
  fi
done
exit \${fail:-0}`)
    const run = await f.run({ branches: '**' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('failed')
    expect(Object.keys(f.dst.refs()).sort()).toEqual([
      'refs/heads/feature',
      'refs/heads/main',
      'refs/tags/v1'
    ])
    const frozen = refOf(run, 'refs/heads/frozen')
    expect(frozen).toMatchObject({ result: 'rejected', cause: { kind: 'ruleset' } })
    expect(frozen.cause!.detail).toContain('Cannot create ref due to creations being restricted.')
    expect(frozen.message).toContain('Cannot create ref due to creations being restricted.')
    expect(run.summary).toContain('Cannot create ref due to creations being restricted.')
    expect(run.stdout + run.stderr).toContain('Cannot create ref due to creations being restricted.')
    expect(refOf(run, 'refs/heads/main')).toMatchObject({ result: 'applied', targetAfter: tip })
  })

  it('a hook that refuses without naming the ref: the batch is split until the one ref stands alone', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 1)
    for (const b of ['a', 'b', 'c', 'bad', 'd', 'e']) f.src.commits(b, 1)
    const log = path.join(f.root, 'pushes.log')
    preReceive(`refs=$(cat); echo "$refs" | wc -l >> ${log}
if echo "$refs" | grep -q ' refs/heads/bad$'; then echo "Commit message policy: missing ticket number" >&2; exit 1; fi`)
    const run = await f.run({ branches: '**', tags: '' })
    expect(run.outputs.result).toBe('failed')
    expect(Object.keys(f.dst.refs()).sort()).toEqual(
      ['a', 'b', 'c', 'd', 'e', 'main'].map(b => `refs/heads/${b}`)
    )
    const bad = refOf(run, 'refs/heads/bad')
    expect(bad).toMatchObject({ result: 'rejected', cause: { kind: 'hook-declined' } })
    expect(bad.cause!.detail).toContain('Commit message policy: missing ticket number')
    expect(bad.message).toMatch(/pre-receive hook refused this ref/)
    // Bisection: the first push carried all 7 refs; halves follow until the refused ref stands alone.
    const sizes = readFileSync(log, 'utf8').trim().split('\n').map(Number)
    expect(sizes[0]).toBe(7)
    expect(sizes).toContain(1)
    expect(sizes.length).toBeLessThan(10)
  })

  it('receive.fsckObjects refusing one commit: the other refs land, the fsck id is quoted', async () => {
    f = await mirrorFixture()
    const tip = f.src.commits('main', 2)
    const tree = git(f.src.dir, ['rev-parse', `${tip}^{tree}`])
    const bad = git(
      f.src.dir,
      ['hash-object', '-t', 'commit', '-w', '--literally', '--stdin'],
      `tree ${tree}\nparent ${tip}\nauthor A <a@example.com> 1700000000 +00000\ncommitter A <a@example.com> 1700000000 +0000\n\nbad zone\n`
    )
    f.src.setRef('refs/heads/broken', bad)
    f.src.commits('other', 1)
    git(f.dst.dir, ['config', 'receive.fsckObjects', 'true'])
    const run = await f.run({ branches: '**', tags: '' })
    expect(run.outputs.result).toBe('failed')
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
    expect(f.dst.sha('refs/heads/other')).toBeDefined()
    expect(f.dst.sha('refs/heads/broken')).toBeUndefined()
    const broken = refOf(run, 'refs/heads/broken')
    expect(broken).toMatchObject({ result: 'rejected', cause: { kind: 'fsck' } })
    expect(broken.cause!.detail).toContain('badTimezone')
    expect(run.summary).toContain('badTimezone')
  })
})

describe('push limits', () => {
  it("GitHub's push policy message: the run continues in batches of N and says so", async () => {
    f = await mirrorFixture()
    const tip = f.src.commits('main', 1)
    for (const b of ['b1', 'b2', 'b3', 'b4']) f.src.commits(b, 1)
    f.src.tag('t1', tip)
    f.src.tag('t2', tip)
    const log = path.join(f.root, 'pushes.log')
    // What GitHub prints for its "Limit how many branches and tags can be updated in a single push".
    preReceive(`refs=$(cat); n=$(echo "$refs" | wc -l); echo $n >> ${log}
if [ "$n" -gt 2 ]; then
  echo "$refs" | while read old new ref; do
    echo "error: GH013: Repository rule violations found for $ref." >&2
    echo "Review all repository rules at http://example.invalid/rules?ref=$ref" >&2
    echo "- Pushes can not update more than 2 branches or tags." >&2
  done
  exit 1
fi`)
    const run = await f.run({ branches: '**' })
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(Object.keys(f.dst.refs())).toHaveLength(7)
    const sizes = readFileSync(log, 'utf8').trim().split('\n').map(Number)
    expect(sizes[0]).toBe(7)
    expect(sizes.slice(1).every(n => n <= 2)).toBe(true)
    expect(run.report!.warnings.join('\n')).toMatch(/more than 2 branches or tags .*batches of 2/)
    expect(run.summary).toMatch(/batches of 2/)
  })

  it('max-refs-per-push bounds every push, creates, backups and prunes alike', async () => {
    f = await mirrorFixture()
    const base = f.src.commits('main', 1)
    f.dst.copyFrom(f.src)
    for (let i = 0; i < 5; i++) f.src.tag(`v${i}`, base)
    for (let i = 0; i < 4; i++) f.dst.commit(`old${i}`, `gone ${i}`, { parent: base })
    const log = path.join(f.root, 'pushes.log')
    preReceive(countRefs(log))
    const run = await f.run({ branches: '**', prune: 'true', 'max-refs-per-push': '2' })
    expect(run.code).toBe(0)
    expect(run.outputs.updated).toBe('9')
    const refs = f.dst.refs()
    expect(Object.keys(refs).filter(r => r.startsWith('refs/heads/'))).toEqual(['refs/heads/main'])
    expect(Object.keys(refs).filter(r => r.startsWith('refs/tags/'))).toHaveLength(5)
    expect(Object.keys(refs).filter(r => r.startsWith('refs/mirror-backup/'))).toHaveLength(4)
    const sizes = readFileSync(log, 'utf8').trim().split('\n').map(Number)
    expect(Math.max(...sizes)).toBe(2)
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(13)
  })
})

describe('plan-time prediction', () => {
  it("a target 'feature' blocks 'feature/x': predicted in the dry run; with prune it is backed up and removed first", async () => {
    f = await mirrorFixture()
    const base = f.src.commits('main', 1)
    f.dst.copyFrom(f.src)
    const blocker = f.dst.commit('feature', 'old feature', { parent: base })
    const x = f.src.commit('feature/x', 'new feature', { parent: base })

    const dry = await f.run({ branches: '**', tags: '', 'dry-run': 'true' })
    const planned = refOf(dry, 'refs/heads/feature/x')
    expect(planned).toMatchObject({ action: 'skip', cause: { kind: 'name-conflict' } })
    expect(planned.message).toContain('refs/heads/feature blocks it')
    expect(planned.message).toContain('set prune')
    expect(dry.summary).toContain('refs/heads/feature blocks it')

    const run = await f.run({ branches: '**', tags: '', prune: 'true' })
    expect(run.code).toBe(0)
    expect(f.dst.sha('refs/heads/feature/x')).toBe(x)
    expect(f.dst.sha('refs/heads/feature')).toBeUndefined()
    const pruned = refOf(run, 'refs/heads/feature')
    expect(pruned).toMatchObject({ action: 'delete', result: 'applied' })
    expect(f.dst.sha(pruned.backupRef!)).toBe(blocker)
  })

  it("a target branch literally named 'refs/heads/main' makes 'main' ambiguous: predicted, then pruned first", async () => {
    f = await mirrorFixture()
    const base = f.src.commits('main', 1)
    f.dst.copyFrom(f.src)
    const odd = f.dst.commit('refs/heads/main', 'odd branch', { parent: base })
    const tip = f.src.commits('main', 1, 'next')

    const dry = await f.run({ branches: '**', tags: '', 'dry-run': 'true' })
    const planned = refOf(dry, 'refs/heads/main')
    expect(planned).toMatchObject({ action: 'skip', cause: { kind: 'ambiguous-name' } })
    expect(planned.message).toContain(
      "the target's refs/heads/refs/heads/main makes the name refs/heads/main ambiguous"
    )
    expect(dry.summary).toContain('refs/heads/refs/heads/main makes the name refs/heads/main ambiguous')

    const run = await f.run({ branches: '**', tags: '', prune: 'true' })
    expect(run.code).toBe(0)
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
    const pruned = refOf(run, 'refs/heads/refs/heads/main')
    expect(pruned).toMatchObject({ action: 'delete', result: 'applied' })
    expect(f.dst.sha(pruned.backupRef!)).toBe(odd)
    expect(Object.keys(f.dst.refs()).filter(r => r.startsWith('refs/heads/'))).toEqual(['refs/heads/main'])
  })
})

describe('sources that must not be mirrored as they are', () => {
  it('a shallow source is refused with an error that says so and what to do', async () => {
    f = await mirrorFixture()
    f.src.commits('main', 3)
    const full = path.join(f.root, 'full.git')
    clone(['--bare', f.src.dir, full])
    rmSync(f.src.dir, { recursive: true, force: true })
    clone(['--bare', '--depth', '1', `file://${full}`, f.src.dir])
    git(f.src.dir, ['config', 'http.receivepack', 'true'])
    const run = await f.run({ tags: '' })
    expect(run.code).not.toBe(0)
    expect(run.outputs.result).toBe('failed')
    expect(run.report!.error).toMatch(/is a shallow repository .*mirror from a complete clone/)
    expect(f.dst.refs()).toEqual({})
  })

  it('prune never empties the target for a source with no selected ref, and guards a mass deletion', async () => {
    f = await mirrorFixture()
    const base = f.dst.commit('main', 'target work', { parent: null })
    for (let i = 0; i < 12; i++) f.dst.commit(`old${i}`, `old ${i}`, { parent: base })
    const before = f.dst.refs()

    const empty = await f.run({ branches: '**', tags: '', prune: 'true' })
    expect(empty.outputs.result).toBe('failed')
    expect(empty.report!.error).toMatch(/the source lists none of the selected refs/)
    expect(f.dst.refs()).toEqual(before)

    f.src.commit('main', 'source', { parent: null })
    const mass = await f.run({ branches: '**', tags: '', prune: 'true', force: 'true' })
    expect(mass.outputs.result).toBe('failed')
    expect(mass.report!.error).toMatch(/would delete 12 of the target's 13 selected refs.*allow-mass-prune/)
    expect(refOf(mass, 'refs/heads/old0')).toMatchObject({ action: 'skip', cause: { kind: 'mass-deletion' } })
    // The rest of the plan still lands: main was force-updated (with its backup).
    expect(refOf(mass, 'refs/heads/main')).toMatchObject({ result: 'applied' })
    expect(f.dst.sha('refs/heads/old0')).toBe(before['refs/heads/old0'])

    const allowed = await f.run({ branches: '**', tags: '', prune: 'true', 'allow-mass-prune': 'true' })
    expect(allowed.code).toBe(0)
    expect(Object.keys(f.dst.refs()).filter(r => r.startsWith('refs/heads/'))).toEqual(['refs/heads/main'])
  })
})
