import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { Git, GitError, isStopping, stopAllGit } from '../../src/git/git.js'

// One file on its own: once stopped, this module's git stays stopped, as in a cancelled run.
const dir = mkdtempSync(path.join(os.tmpdir(), 'rm-cancel-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('after a cancel, git starts nothing new and stops everything started', () => {
  it('a git whose start was under way when the signal came is stopped as well', async () => {
    // A server that accepts the request and never answers: git waits on it until stopped.
    const server = http.createServer(() => undefined)
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x.git`
      const git = Git.open(dir)
      // Not awaited: the process is spawned a moment later, after stopAllGit has begun looking.
      const running = git.listRemote({ url, display: 'x', local: false }).then(
        () => 'answered',
        (err: unknown) => err
      )
      const t0 = Date.now()
      await stopAllGit(10_000)
      expect(await running).toBeInstanceOf(GitError)
      expect(isStopping()).toBe(true)
      expect(Date.now() - t0).toBeLessThan(10_000)
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })

  it('no git starts after the cancel: the call fails without running anything', async () => {
    const repo = path.join(dir, 'never.git')
    const err = await Git.init(repo).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GitError)
    expect((err as Error).message).toBe('git init not started: the run was cancelled')
    expect(existsSync(repo)).toBe(false)
  })
})
