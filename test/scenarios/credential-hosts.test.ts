import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runAction, type ActionRun } from '../support/action.js'
import { newToken } from '../support/fixture.js'
import {
  startGitHttpServer,
  startRedirectServer,
  tokenFrom,
  type GitHttpServer,
  type RedirectServer
} from '../support/git-http-server.js'
import { BareRepo } from '../support/repos.js'

/**
 * Every credential goes only to the host it was given for. Three hosts log the Authorization
 * header of every request: the runner's own GitHub server (where the workflow's token belongs),
 * another host with its own token, and a public upstream that needs no token at all.
 */
interface Hosts {
  root: string
  /** The runner's own GitHub server: GITHUB_SERVER_URL, repositories as owner/name. */
  runner: GitHttpServer
  /** Another host, with its own token. */
  other: GitHttpServer
  /** A public upstream: anyone may read, nobody needs a token. */
  open: GitHttpServer
  workflowToken: string
  otherToken: string
  runnerPushToken: string
  repos: Record<'runnerSrc' | 'runnerDst' | 'otherSrc' | 'otherDst' | 'openSrc', BareRepo>
  redirects: RedirectServer[]
  runs: ActionRun[]
}

let h: Hosts
beforeEach(async () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rm-hosts-'))
  const dirs = (name: string) => mkdtempSync(path.join(root, `${name}-`))
  const [runnerRoot, otherRoot, openRoot] = [dirs('runner'), dirs('other'), dirs('open')]
  const repos = {
    runnerSrc: BareRepo.create(runnerRoot, 'octo/src.git'),
    runnerDst: BareRepo.create(runnerRoot, 'octo/dst.git'),
    otherSrc: BareRepo.create(otherRoot, 'src.git'),
    otherDst: BareRepo.create(otherRoot, 'dst.git'),
    openSrc: BareRepo.create(openRoot, 'upstream.git')
  }
  for (const r of [repos.runnerSrc, repos.otherSrc, repos.openSrc]) r.commits('main', 2)
  const workflowToken = newToken('ghs_')
  const otherToken = newToken('glpat-')
  const runnerPushToken = newToken()
  const runner = await startGitHttpServer({
    root: runnerRoot,
    tokens: new Map([
      [workflowToken, ['octo/src.git', 'octo/dst.git']],
      [runnerPushToken, ['octo/dst.git']]
    ])
  })
  const other = await startGitHttpServer({ root: otherRoot, tokens: new Map([[otherToken, '*']]) })
  const open = await startGitHttpServer({ root: openRoot, tokens: new Map(), anonymous: ['upstream.git'] })
  h = {
    root,
    runner,
    other,
    open,
    workflowToken,
    otherToken,
    runnerPushToken,
    repos,
    redirects: [],
    runs: []
  }
})
afterEach(async () => {
  for (const s of [h.runner, h.other, h.open, ...h.redirects]) await s.close()
  for (const d of [h.root, ...h.runs.map(r => r.runnerTemp)]) rmSync(d, { recursive: true, force: true })
})

/** Runs the action as the runner would, on the runner's server, with the workflow's token as github-token. */
async function run(inputs: Record<string, string>): Promise<ActionRun> {
  const r = await runAction(
    { 'github-token': h.workflowToken, 'github-server-url': h.runner.url, ...inputs },
    {
      env: { GITHUB_SERVER_URL: h.runner.url, GITHUB_REPOSITORY: 'octo/src' },
      secrets: [h.workflowToken, h.otherToken, h.runnerPushToken],
      scanDirs: [h.root]
    }
  )
  h.runs.push(r)
  return r
}

/** The tokens a server received, decoded from its Authorization headers ('' for a request without one). */
const seen = (s: { requests: { authorization?: string }[] }) => [
  ...new Set(s.requests.map(r => tokenFrom(r.authorization) ?? ''))
]

describe('each token goes only to the host it was given for', () => {
  it("the workflow's token reads a source on the runner's server, and goes nowhere else", async () => {
    const r = await run({ 'target-repo': h.other.repoUrl('dst.git'), 'target-token': h.otherToken })
    expect(r.outputs.result, r.stdout).toBe('synced')
    expect(h.repos.otherDst.sha('refs/heads/main')).toBe(h.repos.runnerSrc.sha('refs/heads/main'))
    expect(seen(h.runner)).toEqual([h.workflowToken])
    expect(seen(h.other)).toEqual([h.otherToken])
    expect(r.stdout).toContain(`source: the workflow's token (github-token), sent only to ${h.runner.url}`)
  })

  it('a public upstream on another host gets no token at all (by default, and when source-token is ${{ github.token }})', async () => {
    for (const sourceToken of ['', h.workflowToken]) {
      h.repos.runnerDst.deleteRef('refs/heads/main')
      const r = await run({
        'source-repo': h.open.repoUrl('upstream.git'),
        'source-token': sourceToken,
        'target-repo': 'octo/dst',
        'target-token': h.runnerPushToken
      })
      expect(r.outputs.result, r.stdout).toBe('synced')
      expect(h.repos.runnerDst.sha('refs/heads/main')).toBe(h.repos.openSrc.sha('refs/heads/main'))
      expect(r.stdout).toContain("the workflow's token is only ever sent to the runner's own server")
    }
    expect(h.open.requests.length).toBeGreaterThan(0)
    expect(seen(h.open)).toEqual([''])
    expect(seen(h.runner)).toEqual([h.runnerPushToken])
  })

  it("target-token: ${{ github.token }} pushes to the runner's server, but is never sent to another host", async () => {
    const ok = await run({
      'source-repo': h.other.repoUrl('src.git'),
      'source-token': h.otherToken,
      'target-repo': 'octo/dst',
      'target-token': h.workflowToken
    })
    expect(ok.outputs.result, ok.stdout).toBe('synced')
    expect(seen(h.runner)).toEqual([h.workflowToken])

    const refused = await run({ 'target-repo': h.other.repoUrl('dst.git'), 'target-token': h.workflowToken })
    expect(refused.outputs.result).toBe('failed')
    expect(refused.report!.error).toBe(
      `target-token is the workflow's token, which is only ever sent to ${h.runner.url}: give a token that can push to ${h.other.repoUrl('dst.git')}`
    )
    expect(seen(h.other)).toEqual([h.otherToken])
  })

  it('a private source on another host without its token fails with what to do, having sent no token', async () => {
    const r = await run({
      'source-repo': h.other.repoUrl('src.git'),
      'target-repo': 'octo/dst',
      'target-token': h.runnerPushToken
    })
    expect(r.outputs.result).toBe('failed')
    expect(r.report!.error).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/src\.git requires authentication and no token was sent to it: give a token for it in source-token/
    )
    expect(seen(h.other)).toEqual([''])
  })

  it("the API of another host never receives the workflow's token (default branch read from git instead)", async () => {
    const calls: (string | undefined)[] = []
    const api = http.createServer((req, res) => {
      calls.push(req.headers.authorization)
      res.writeHead(404).end('{}')
    })
    await new Promise<void>(resolve => api.listen(0, '127.0.0.1', resolve))
    try {
      const port = (api.address() as AddressInfo).port
      // 'localhost' is another host name than the git server's 127.0.0.1: not that server's API.
      const r = await run({
        'target-repo': h.other.repoUrl('dst.git'),
        'target-token': h.otherToken,
        'github-api-url': `http://localhost:${port}`
      })
      expect(r.outputs.result, r.stdout).toBe('synced')
      expect(calls).toEqual([])
      expect(r.stdout).toContain("branches: the source's default branch 'main' (from git's HEAD)")
    } finally {
      api.closeAllConnections()
      await new Promise(resolve => api.close(resolve))
    }
  })
})

describe('no credential follows a redirect', () => {
  const redirect = async (to: string) => {
    const s = await startRedirectServer(to)
    h.redirects.push(s)
    return s
  }

  it('git itself would send the header to the redirect target (the control for the tests below)', async () => {
    // After following the first (anonymous) redirect, git sends its later requests, with the
    // configured header, straight to the new host: a public upstream there shows what it receives.
    const r = await redirect(h.open.url)
    const header = `AUTHORIZATION: basic ${Buffer.from(`x-access-token:${h.otherToken}`).toString('base64')}`
    // Asynchronously: the servers answer from this same process. The run may fail; what was sent counts.
    await promisify(execFile)('git', ['ls-remote', `${r.url}/upstream.git`], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: '1',
        GIT_CONFIG_KEY_0: `http.${r.url}/.extraHeader`,
        GIT_CONFIG_VALUE_0: header
      }
    }).catch(() => undefined)
    expect(seen(h.open)).toContain(h.otherToken)
  })

  it('a source that redirects to another host: the token stays with the host it was given for', async () => {
    const r = await redirect(h.other.url)
    const run1 = await run({
      'source-repo': `${r.url}/src.git`,
      'source-token': h.otherToken,
      'target-repo': 'octo/dst',
      'target-token': h.runnerPushToken
    })
    expect(run1.outputs.result).toBe('failed')
    expect(run1.report!.error).toBe(
      `${r.url}/src.git answered with a redirect (HTTP 301), and a token is never sent to a redirect: set the repository input to its current URL`
    )
    expect(seen(r)).toEqual([h.otherToken])
    expect(h.other.requests).toEqual([])
    expect(h.repos.runnerDst.sha('refs/heads/main')).toBeUndefined()
  })

  it('a target that redirects to another host gets no push and no token there', async () => {
    const r = await redirect(h.other.url)
    const run1 = await run({ 'target-repo': `${r.url}/dst.git`, 'target-token': h.runnerPushToken })
    expect(run1.outputs.result).toBe('failed')
    expect(run1.report!.error).toMatch(/answered with a redirect \(HTTP 301\)/)
    expect(h.other.requests).toEqual([])
    expect(h.repos.otherDst.sha('refs/heads/main')).toBeUndefined()
  })

  it('a public source read anonymously still follows its redirect: there is no credential to leak', async () => {
    const r = await redirect(h.open.url)
    const run1 = await run({
      'source-repo': `${r.url}/upstream.git`,
      'target-repo': 'octo/dst',
      'target-token': h.runnerPushToken
    })
    expect(run1.outputs.result, run1.stdout).toBe('synced')
    expect(seen(r)).toEqual([''])
    expect(seen(h.open)).toEqual([''])
    expect(h.repos.runnerDst.sha('refs/heads/main')).toBe(h.repos.openSrc.sha('refs/heads/main'))
  })
})
