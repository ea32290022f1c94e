import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { explainGitFailure } from '../../src/git/errors.js'
import { Git, GitError, configEnv } from '../../src/git/git.js'
import { parseRefList } from '../../src/git/ref-list.js'
import type { Remote } from '../../src/git/remote.js'
import { basicAuthHeader } from '../../src/git/secrets.js'
import { listRemote } from '../../src/refs/remote.js'
import { kindOf } from '../../src/refs/types.js'
import { newToken } from '../support/fixture.js'
import { startGitHttpServer, type GitHttpServer } from '../support/git-http-server.js'
import { BareRepo, git } from '../support/repos.js'

// Listing over smart HTTP speaks protocol v2 ls-refs through git's helper: what it lists must be
// exactly what `git ls-remote` lists, on every server, and it must fail the way ls-remote fails.

const token = newToken()
let root: string
let repo: BareRepo
const servers: GitHttpServer[] = []

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'ls-refs-'))
  repo = BareRepo.create(root, 'src.git', 'trunk')
  const main = repo.commits('trunk', 2)
  const side = repo.commits('feature/x', 1)
  repo.commits('line\u2028sep', 1)
  repo.tag('v1', main, true)
  repo.tag('v2-light', side, false)
  repo.tag('r\u00e9sum\u00e9', main, true)
  // Refs a mirror never takes: a pull request head, notes, a stash-like ref.
  git(repo.dir, ['update-ref', 'refs/pull/1/head', side])
  git(repo.dir, ['update-ref', 'refs/notes/commits', main])
  git(repo.dir, ['update-ref', 'refs/headsfoo', main])
})
afterAll(async () => {
  for (const s of servers) await s.close()
  rmSync(root, { recursive: true, force: true })
})

async function server(opts: { protocolV0?: boolean } = {}): Promise<GitHttpServer> {
  const s = await startGitHttpServer({ root, tokens: new Map([[token, '*']]), ...opts })
  servers.push(s)
  return s
}

const remoteOf = (url: string, t = token): Remote => ({ url, display: 'src', local: false, token: t })

/** A fresh deferred work repository, as a run lists with. */
function workGit(): Git {
  return Git.deferred(mkdtempSync(path.join(root, 'work-')))
}

/** `git ls-remote` itself, with the same credentials, for comparison (not sync: the server is in this process). */
function lsRemote(
  url: string,
  args: string[],
  t = token
): Promise<{ stdout: string; stderr: string; code: number }> {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LC_ALL: 'C',
    GIT_TERMINAL_PROMPT: '0',
    ...configEnv({
      'credential.helper': '',
      [`http.${new URL(url).origin}/.extraHeader`]: basicAuthHeader(t),
      'http.followRedirects': 'false'
    })
  }
  return new Promise(resolve =>
    execFile('git', ['ls-remote', ...args, '--', url], { env }, (err, stdout, stderr) =>
      resolve({ stdout, stderr, code: err ? Number(err.code) : 0 })
    )
  )
}

describe('listing a smart HTTP remote', () => {
  it('lists exactly what git ls-remote lists, in one ls-refs request that leaves out every other ref', async () => {
    const s = await server()
    const url = s.repoUrl('src.git')
    const before = s.requests.length
    const listed = await workGit().listRemote(remoteOf(url))
    const requests = s.requests.slice(before)
    expect(requests.map(r => `${r.method} ${r.command ?? r.path}`)).toEqual([
      'GET info/refs?service=git-upload-pack',
      'POST ls-refs'
    ])
    const expected = parseRefList((await lsRemote(url, ['--heads', '--tags'])).stdout, kindOf)
    expect(parseRefList(listed, kindOf)).toEqual(expected)
    expect(expected.size).toBe(6)
    // Only branches and tags came over the wire, without the peeled lines ls-remote asks for.
    expect(listed).not.toMatch(/refs\/(pull|notes)|refs\/headsfoo|\^\{\}/)
  })

  it("reads HEAD's branch like ls-remote --symref, without listing every other ref", async () => {
    const s = await server()
    const url = s.repoUrl('src.git')
    const lsRefsAnswer = () => s.requests.filter(r => r.command === 'ls-refs').at(-1)!.bytesOut
    const ours = await listRemote(workGit(), remoteOf(url), 0, true)
    const oursBytes = lsRefsAnswer()
    expect(ours.defaultBranch).toBe('trunk')
    const theirs = await lsRemote(url, ['--symref'])
    expect(theirs.stdout).toContain('ref: refs/heads/trunk\tHEAD\n')
    expect(ours.refs).toEqual(parseRefList(theirs.stdout, kindOf))
    // ls-remote is sent every ref (refs/pull/*, notes), and the peeled tags.
    expect(oursBytes).toBeLessThan(lsRefsAnswer())
    const listed = await workGit().listRemote(remoteOf(url), true)
    expect(listed).toContain('ref: refs/heads/trunk\tHEAD\n')
    expect(listed).not.toMatch(/refs\/(pull|notes)/)
  })

  it('falls back to git ls-remote where the server speaks only protocol v0, with the same answer', async () => {
    const s = await server({ protocolV0: true })
    const url = s.repoUrl('src.git')
    const ours = await listRemote(workGit(), remoteOf(url), 0, true)
    expect(ours.defaultBranch).toBe('trunk')
    expect(ours.refs).toEqual(parseRefList((await lsRemote(url, ['--heads', '--tags'])).stdout, kindOf))
    // The helper's discovery, then ls-remote's own: no ls-refs command was ever posted.
    expect(s.requests.some(r => r.command === 'ls-refs')).toBe(false)
  })

  it('fails as ls-remote fails: the same explained error for a refused token and a missing repository', async () => {
    const s = await server()
    for (const [url, t] of [
      [s.repoUrl('src.git'), newToken()],
      [s.repoUrl('missing.git'), token]
    ] as const) {
      const theirs = await lsRemote(url, ['--heads', '--tags'], t)
      expect(theirs.code).not.toBe(0)
      const remote = remoteOf(url, t)
      const err = await workGit()
        .listRemote(remote)
        .then(
          () => undefined,
          (e: unknown) => e
        )
      expect(err).toBeInstanceOf(GitError)
      expect((err as GitError).message).toBe(explainGitFailure('ls-remote', theirs.stderr, remote))
    }
  })
})
