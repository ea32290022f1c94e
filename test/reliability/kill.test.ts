import { existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { POST_ENTRY, runAction } from '../support/action.js'
import { holdAt, is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import type { RequestInfo } from '../support/git-http-server.js'

let f: MirrorFixture
let before: (r: RequestInfo) => Promise<void> | void
let tip: string
const extraDirs: string[] = []

beforeEach(async () => {
  before = () => undefined
  f = await mirrorFixture({ server: { before: r => before(r) } })
  tip = f.src.commits('main', 3)
})
afterEach(async () => {
  await f.cleanup()
  for (const d of extraDirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** Work directories the action made under the runner's temp (the report directory is not one). */
const workDirs = (runnerTemp: string) =>
  readdirSync(runnerTemp).filter(n => n.startsWith('repo-mirror-') && n !== 'repo-mirror-report')

/** Processes whose working directory is inside dir: git children the action left running. */
function processesIn(dir: string): number[] {
  const pids: number[] = []
  for (const p of readdirSync('/proc').filter(n => /^\d+$/.test(n))) {
    try {
      if (readlinkSync(`/proc/${p}/cwd`).startsWith(dir)) pids.push(Number(p))
    } catch {
      // gone already, or not ours to read
    }
  }
  return pids
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond() && Date.now() < end) await new Promise(r => setTimeout(r, 25))
}

describe('a run killed mid-way leaves no temp dir and no credential behind', () => {
  for (const [signal, code, step, match] of [
    ['SIGTERM', 143, 'fetch', is.fetch('src.git')],
    ['SIGINT', 130, 'fetch', is.fetch('src.git')],
    ['SIGTERM', 143, 'push', is.push('dst.git')]
  ] as const) {
    it(`${signal} during the ${step}: git is stopped and the work dir removed`, async () => {
      const hold = holdAt(match)
      before = hold.before
      const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'rm-runner-'))
      extraDirs.push(runnerTemp)
      const during: string[] = []
      const killOn = hold.held.then(() => during.push(...workDirs(runnerTemp)))
      // runAction scans runnerTemp and the repos for every form of both tokens once the process ends.
      const r = await f.run({}, { runnerTemp, killOn, killSignal: signal })
      expect(during).toHaveLength(1) // the work dir existed when the signal came
      expect(r.code).toBe(code)
      expect(r.stdout).toContain(`Received ${signal}: stopping git and removing temporary directories`)
      expect(workDirs(runnerTemp)).toEqual([])
      expect(processesIn(runnerTemp)).toEqual([])
      // Let the held request go: a git that had survived would now write into (recreate) its dir.
      hold.release()
      await new Promise(res => setTimeout(res, 300))
      expect(workDirs(runnerTemp)).toEqual([])
      // Whatever reached the target is all-or-nothing under the lease: the old state or the new tip.
      expect([undefined, tip]).toContain(f.dst.sha('refs/heads/main'))
    })
  }

  it('SIGKILL (no chance to clean up): the post step removes the leftover work dir', async () => {
    const hold = holdAt(is.fetch('src.git'))
    before = hold.before
    const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'rm-runner-'))
    extraDirs.push(runnerTemp)
    // The scan after this run reads the leftover work dir too: no credential is ever on disk.
    const r = await f.run({}, { runnerTemp, killOn: hold.held, killSignal: 'SIGKILL', keepWorkDirs: true })
    expect(r.signal).toBe('SIGKILL')
    const left = workDirs(runnerTemp)
    expect(left).toHaveLength(1)
    expect(existsSync(path.join(runnerTemp, left[0]!, 'config'))).toBe(true)
    // The orphaned git finishes once the server answers; the runner would kill it, here it ends.
    hold.release()
    await until(() => processesIn(runnerTemp).length === 0)

    const post = await runAction({}, { entry: POST_ENTRY, runnerTemp, secrets: f.tokens, scanDirs: [f.root] })
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(`Removed ${path.join(runnerTemp, left[0]!)}`)
    expect(workDirs(runnerTemp)).toEqual([])
  })

  it('the post step removes only repo-mirror work dirs under the runner temp, whatever the state says', async () => {
    const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'rm-runner-'))
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), 'repo-mirror-'))
    const notOurs = path.join(runnerTemp, 'keep-me')
    mkdirSync(notOurs)
    extraDirs.push(runnerTemp, elsewhere)
    const state = [elsewhere, notOurs, path.join(runnerTemp, 'repo-mirror-gone')].join('\n')
    writeFileSync(path.join(runnerTemp, 'github_state'), `work-dirs<<EOF\n${state}\nEOF\n`)
    const post = await runAction({}, { entry: POST_ENTRY, runnerTemp })
    expect(post.code).toBe(0)
    expect(existsSync(elsewhere)).toBe(true)
    expect(existsSync(notOurs)).toBe(true)
    expect(post.stdout).toContain(
      `::warning::not removing ${elsewhere}: it is not a repo-mirror work directory`
    )
  })
})
