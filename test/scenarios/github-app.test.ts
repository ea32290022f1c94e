import { readFileSync, rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { runPostStep } from '../support/action.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import { tokenFrom, type RequestInfo } from '../support/git-http-server.js'
import {
  installGitHubHooks,
  makeTestApp,
  startGitHubApiServer,
  type GitHubApiServer,
  type GitHubApiServerOptions,
  type InstallationDef,
  type TestApp
} from '../support/github-api-server.js'
import type { TokenBehaviour } from '../support/github-token-behaviour.js'
import { FAST_RETRY } from '../support/faults.js'
import { git } from '../support/repos.js'
import { assertNoSecrets } from '../support/secrets.js'

interface World {
  f: MirrorFixture
  api: GitHubApiServer
  app: TestApp
  /** Inputs for an App run against owner/name repos on the local servers. */
  inputs: (extra?: Record<string, string>) => Record<string, string>
  /** Tokens the git server saw (decoded from its Authorization headers). */
  gitTokensSeen: () => string[]
  /** Minted tokens and the key's lines never appear in any file or log of the run. */
  assertNoLeaks: (run: { runnerTemp: string; stdout: string; stderr: string }) => void
  release: () => void
}

let world: World | undefined
afterEach(async () => {
  world?.release()
  await world?.api.close()
  await world?.f.cleanup()
  world = undefined
})

const SRC_INST: InstallationDef = {
  id: 11,
  account: 'octo-src',
  permissions: { contents: 'read', metadata: 'read' }
}
const DST_INST: InstallationDef = {
  id: 22,
  account: 'octo-dst',
  permissions: { contents: 'write', workflows: 'write', metadata: 'read' }
}

async function makeWorld(
  o: {
    rateLimits?: GitHubApiServerOptions['rateLimits']
    installations?: InstallationDef[]
    oneInstallation?: boolean
    targetInstalled?: boolean
    protectedBranches?: string[]
    apiDefault?: string
    hooks?: boolean
    tokens?: TokenBehaviour
    ghesVersion?: string
    /** Runs before each git request reaches git (after the token was checked). */
    beforeGit?: (req: RequestInfo) => Promise<void> | void
  } = {}
) {
  const app = makeTestApp()
  // Assigned once below; the git server's access hook reads it before then.
  // eslint-disable-next-line prefer-const
  let api: GitHubApiServer | undefined
  let gate: (() => void) | undefined
  const hold = new Promise<void>(r => (gate = r))
  const state = { block: undefined as undefined | (() => void) }
  const f = await mirrorFixture({
    names: { src: 'octo-src/src.git', dst: 'octo-dst/dst.git' },
    server: {
      access: (token, req) => api?.access(token, req),
      before: async req => {
        await o.beforeGit?.(req)
        if (!state.block) return
        state.block()
        await hold
      }
    }
  })
  const installations =
    o.installations ?? (o.oneInstallation ? [{ ...DST_INST, id: 33, account: 'octo' }] : [SRC_INST, DST_INST])
  const srcInst = o.oneInstallation ? 33 : installations[0]!.id
  const dstInst = o.oneInstallation ? 33 : installations[1]!.id
  api = await startGitHubApiServer({
    app,
    installations,
    repos: [
      {
        owner: 'octo-src',
        name: 'src',
        gitPath: 'octo-src/src.git',
        defaultBranch: o.apiDefault ?? 'main',
        installationId: srcInst
      },
      {
        owner: 'octo-dst',
        name: 'dst',
        gitPath: 'octo-dst/dst.git',
        defaultBranch: 'main',
        installationId: o.targetInstalled === false ? undefined : dstInst,
        protectedBranches: o.protectedBranches
      }
    ],
    rateLimits: o.rateLimits,
    tokens: o.tokens,
    ghesVersion: o.ghesVersion,
    gitRoot: f.root,
    gitTokens: f.server.tokens,
    pats: new Map([
      [f.srcToken, { repos: ['octo-src/src'], scopes: ['repo'] }],
      [f.dstToken, { repos: ['octo-dst/dst'], scopes: ['repo'] }]
    ])
  })
  if (o.hooks) installGitHubHooks(f.dst.dir)
  const keyLines = app.privateKey.split('\n').filter(l => l.length > 20 && !l.startsWith('-----'))
  const w: World & { block: (fn: () => void) => void } = {
    f,
    api,
    app,
    inputs: (extra = {}) => ({
      'source-repo': 'octo-src/src',
      'target-repo': 'octo-dst/dst',
      'github-server-url': f.server.url,
      'github-api-url': api.url,
      'app-id': app.appId,
      'app-private-key': app.privateKey,
      'source-token': '',
      'target-token': '',
      ...extra
    }),
    gitTokensSeen: () => [...new Set(f.server.authHeaders.map(h => tokenFrom(h)!))],
    assertNoLeaks: run =>
      assertNoSecrets([...api.issued.map(t => t.token), ...keyLines], {
        dirs: [run.runnerTemp, f.root],
        texts: [run.stdout, run.stderr]
      }),
    release: () => gate?.(),
    block: fn => (state.block = fn)
  }
  world = w
  return w
}

/** A commit whose tree holds a workflow file (nested trees built with plumbing). */
function commitWorkflow(dir: string, branch: string, parent?: string): string {
  const blob = git(dir, ['hash-object', '-w', '--stdin'], 'on: push\njobs: {}\n')
  const wf = git(dir, ['mktree'], `100644 blob ${blob}\tci.yml\n`)
  const gh = git(dir, ['mktree'], `040000 tree ${wf}\tworkflows\n`)
  const readme = git(dir, ['hash-object', '-w', '--stdin'], 'readme\n')
  const root = git(dir, ['mktree'], `040000 tree ${gh}\t.github\n100644 blob ${readme}\tREADME\n`)
  const sha = git(dir, ['commit-tree', root, '-m', 'add workflow', ...(parent ? ['-p', parent] : [])])
  git(dir, ['update-ref', `refs/heads/${branch}`, sha])
  return sha
}

describe('GitHub App authentication', () => {
  it('mirrors end to end with two narrowed installation tokens, found per owner, and revokes both', async () => {
    const w = await makeWorld({ apiDefault: 'develop' })
    w.f.src.commits('main', 2)
    const dev = w.f.src.commits('develop', 3)
    w.f.src.tag('v1', dev, true)
    // The key pasted as one line with literal \n escapes, as secrets often are.
    const run = await w.f.run(w.inputs({ 'app-private-key': w.app.privateKey.replace(/\n/g, '\\n') }))
    w.assertNoLeaks(run)
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(run.report!.auth).toBe('github-app')
    // The default branch came from the API (develop), not from the bare repo's HEAD (main).
    expect(w.f.dst.sha('refs/heads/develop')).toBe(dev)
    expect(w.f.dst.sha('refs/heads/main')).toBeUndefined()
    expect(w.f.dst.sha('refs/tags/v1')).toBe(w.f.src.sha('refs/tags/v1'))

    const paths = w.api.requests.map(r => `${r.method} ${r.path} ${r.status}`)
    expect(paths).toContain('GET /repos/octo-src/src/installation 200')
    expect(paths).toContain('GET /repos/octo-dst/dst/installation 200')
    expect(paths).toContain('POST /app/installations/11/access_tokens 201')
    expect(paths).toContain('POST /app/installations/22/access_tokens 201')
    expect(paths).toContain('GET /repos/octo-src/src 200')
    expect(w.api.issued.map(t => [t.installationId, t.repositories, t.permissions])).toEqual([
      [11, ['octo-src/src'], { contents: 'read' }],
      [22, ['octo-dst/dst'], { contents: 'write', workflows: 'write' }]
    ])
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
    expect(paths.filter(p => p === 'DELETE /installation/token 204')).toHaveLength(2)
    // Git only ever saw the minted tokens, each on its own repository.
    expect(w.gitTokensSeen().sort()).toEqual(w.api.issued.map(t => t.token).sort())
    expect(new Set(w.f.server.requests.map(r => r.repo))).toEqual(
      new Set(['octo-src/src.git', 'octo-dst/dst.git'])
    )
  })

  it('direction: both mints a writing token for the source too, and fast-forwards the source with it', async () => {
    const w = await makeWorld({
      installations: [{ ...SRC_INST, permissions: DST_INST.permissions }, DST_INST]
    })
    w.f.src.commits('main', 1)
    w.f.dst.copyFrom(w.f.src)
    const tip = w.f.dst.commit('main', 'moved on in the target')
    const run = await w.f.run(w.inputs({ direction: 'both' }))
    w.assertNoLeaks(run)
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.src.sha('refs/heads/main')).toBe(tip)
    expect(run.report!.refs[0]).toMatchObject({ ref: 'refs/heads/main', side: 'source', result: 'applied' })
    expect(w.api.issued.map(t => [t.installationId, t.permissions])).toEqual([
      [11, { contents: 'write', workflows: 'write' }],
      [22, { contents: 'write', workflows: 'write' }]
    ])
    expect([w.f.src.sha('refs/mirror-sync/heads/main'), w.f.dst.sha('refs/mirror-sync/heads/main')]).toEqual([
      tip,
      tip
    ])
  })

  it('uses app-installation-id for both repositories without discovery', async () => {
    const w = await makeWorld({ oneInstallation: true })
    const tip = w.f.src.commits('main', 2)
    const run = await w.f.run(w.inputs({ 'app-installation-id': '33' }))
    w.assertNoLeaks(run)
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    expect(w.api.requests.filter(r => r.path.endsWith('/installation'))).toHaveLength(0)
    expect(w.api.issued.map(t => t.installationId)).toEqual([33, 33])
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
  })

  it('takes precedence over the PAT inputs and says so', async () => {
    const w = await makeWorld()
    const tip = w.f.src.commits('main', 1)
    const run = await w.f.run(w.inputs({ 'source-token': w.f.srcToken, 'target-token': w.f.dstToken }))
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    expect(run.stdout).toContain('GitHub App configured: it takes precedence')
    expect(run.report!.auth).toBe('github-app')
    const seen = w.gitTokensSeen()
    expect(seen).not.toContain(w.f.srcToken)
    expect(seen).not.toContain(w.f.dstToken)
    expect(seen.every(t => t.startsWith('ghs_'))).toBe(true)
  })

  it('revokes the tokens after a failed run', async () => {
    const w = await makeWorld()
    w.f.src.commits('main', 1)
    rmSync(w.f.dst.dir, { recursive: true, force: true })
    const run = await w.f.run(w.inputs())
    w.assertNoLeaks(run)
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.report!.error).toMatch(/octo-dst\/dst was not found/)
    expect(w.api.issued, run.stdout).toHaveLength(2)
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
    // A revoked token no longer opens the git server.
    expect(w.f.server.tokens.has(w.api.issued[0]!.token)).toBe(false)
  })

  it('a cancelled run (SIGTERM) revokes its own tokens before it exits', async () => {
    const w = await makeWorld()
    w.f.src.commits('main', 1)
    const reached = new Promise<void>(r => (w as unknown as { block: (fn: () => void) => void }).block(r))
    const main = await w.f.run(w.inputs(), { killOn: reached, killSignal: 'SIGTERM' })
    w.release()
    expect(main.code).toBe(143)
    expect(main.stdout).toContain('Received SIGTERM')
    expect(w.api.issued).toHaveLength(2)
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
    w.assertNoLeaks(main)
  })

  it('revokes in the post step when the main step was killed outright, from encrypted state', async () => {
    const w = await makeWorld()
    w.f.src.commits('main', 1)
    const reached = new Promise<void>(r => (w as unknown as { block: (fn: () => void) => void }).block(r))
    const inputs = w.inputs()
    // SIGKILL: the main step gets no chance to revoke anything itself; only the post step can.
    const main = await w.f.run(inputs, { killOn: reached, killSignal: 'SIGKILL', keepWorkDirs: true })
    expect(main.signal).toBe('SIGKILL')
    expect(w.api.issued).toHaveLength(2)
    expect(w.api.issued.some(t => t.revoked)).toBe(false)
    w.release()
    // The state file holds the tokens only encrypted.
    const state = readFileSync(main.files.state, 'utf8')
    expect(state).toContain('app-tokens')
    w.assertNoLeaks(main)

    const post = await runPostStep(main, inputs)
    expect(post.code, post.stdout + post.stderr).toBe(0)
    expect(post.stdout).toContain('2 GitHub App token(s) revoked')
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
    w.assertNoLeaks(post)
  })

  it('fails with one clear line for a damaged private key, before any request', async () => {
    const w = await makeWorld()
    const broken = w.app.privateKey.split('\n').slice(0, 5).join('\n') + '\n-----END RSA PRIVATE KEY-----'
    const run = await w.f.run(w.inputs({ 'app-private-key': broken }))
    expect(run.code).toBe(1)
    const errors = run.stdout.split('\n').filter(l => l.startsWith('::error::'))
    expect(errors).toEqual([
      expect.stringMatching(/^::error::app-private-key could not be read \(damaged or truncated PEM\)/)
    ])
    expect(w.api.requests).toHaveLength(0)
    expect(w.f.server.requests).toHaveLength(0)
  })

  it("explains GitHub's 401 for a key of another App", async () => {
    const w = await makeWorld()
    w.f.src.commits('main', 1)
    const run = await w.f.run(w.inputs({ 'app-private-key': makeTestApp().privateKey }))
    expect(run.code).toBe(1)
    expect(run.report!.error).toMatch(
      /^GitHub refused the App's credentials \(401 Bad credentials\): check app-id/
    )
    expect(w.api.requests.map(r => r.status)).toEqual([401])
  })

  it('waits out primary and secondary rate limits instead of failing', async () => {
    const w = await makeWorld({
      rateLimits: [
        { method: 'GET', path: '/repos/octo-src/src/installation', kind: 'primary', times: 1 },
        { method: 'POST', path: '/app/installations/22/access_tokens', kind: 'secondary', times: 1 }
      ]
    })
    const tip = w.f.src.commits('main', 1)
    const run = await w.f.run(w.inputs())
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    expect(run.stdout).toMatch(
      /::warning::GitHub API rate limit \(403\) on GET \/repos\/\{owner\}\/\{repo\}\/installation: waiting \d+ s \(x-ratelimit-reset\), then retrying \(1\/3\)/
    )
    expect(run.stdout).toMatch(
      /::warning::GitHub API rate limit \(403\) on POST \/app\/installations\/\{installation_id\}\/access_tokens: waiting 1 s \(retry-after\)/
    )
    const statuses = w.api.requests
      .filter(r => r.path === '/repos/octo-src/src/installation')
      .map(r => r.status)
    expect(statuses).toEqual([403, 200])
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
  })

  it('explains a missing installation (404) for one of the owners', async () => {
    const w = await makeWorld({ targetInstalled: false })
    w.f.src.commits('main', 1)
    const run = await w.f.run(w.inputs())
    expect(run.code).toBe(1)
    expect(run.report!.error).toMatch(/the App is not installed on octo-dst\/dst, or cannot see it \(404\)/)
    // The source token minted before the failure is still revoked.
    expect(w.api.issued).toHaveLength(1)
    expect(w.api.issued[0]!.revoked).toBe(true)
  })
})

describe('GitHub awareness', () => {
  it('reports a protected branch as protected, while other refs land', async () => {
    const w = await makeWorld({ protectedBranches: ['main'], hooks: true })
    const base = w.f.src.commits('main', 1)
    w.f.dst.copyFrom(w.f.src)
    const tip = w.f.src.commits('main', 2, 'more')
    const feature = w.f.src.commits('feature', 1)
    const run = await w.f.run(w.inputs({ branches: 'main, feature' }))
    w.assertNoLeaks(run)
    expect(run.code).toBe(1)
    const main = run.report!.refs.find(r => r.ref === 'refs/heads/main')!
    expect(main.result).toBe('rejected')
    expect(main.cause?.kind).toBe('protected')
    expect(main.protected).toBe(true)
    expect(main.message).toMatch(/octo-dst\/dst refused refs\/heads\/main: the branch is protected/)
    expect(run.report!.refs.find(r => r.ref === 'refs/heads/feature')!.result).toBe('applied')
    expect(run.report!.counts.failed).toBe(1)
    expect(w.f.dst.sha('refs/heads/main')).toBe(base)
    expect(w.f.dst.sha('refs/heads/feature')).toBe(feature)
    // The record names the tip that was refused and the tip the target kept.
    expect([main.sourceSha, main.targetBefore, main.targetAfter]).toEqual([tip, base, base])
    expect(w.api.requests.map(r => `${r.method} ${r.path} ${r.status}`)).toContain(
      'GET /repos/octo-dst/dst/branches 200'
    )
    expect(run.summary).toContain('1 ref was refused as protected branches (counted as failed)')
  })

  it('marks writes to protected branches in a dry run', async () => {
    const w = await makeWorld({ protectedBranches: ['main'], hooks: true })
    w.f.src.commits('main', 1)
    w.f.dst.copyFrom(w.f.src)
    w.f.src.commits('main', 1, 'more')
    const run = await w.f.run(w.inputs({ 'dry-run': 'true' }))
    expect(run.code, run.stdout).toBe(0)
    const main = run.report!.refs[0]!
    expect(main.result).toBe('planned')
    expect(main.protected).toBe(true)
    expect(main.message).toMatch(/the target protects this branch: the push may be refused/)
  })

  it('turns a workflow-file refusal for a PAT into the workflow-scope line', async () => {
    const w = await makeWorld({ hooks: true })
    w.f.src.commits('main', 1)
    commitWorkflow(w.f.src.dir, 'main', w.f.src.sha('refs/heads/main'))
    const ok = w.f.src.commits('docs', 1)
    // No App: the PAT inputs, whose token lacks the workflow scope.
    const run = await w.f.run(
      w.inputs({
        'app-id': '',
        'app-private-key': '',
        'source-token': w.f.srcToken,
        'target-token': w.f.dstToken,
        branches: 'main, docs'
      })
    )
    w.assertNoLeaks(run)
    expect(run.code).toBe(1)
    expect(run.report!.auth).toBe('token')
    const main = run.report!.refs.find(r => r.ref === 'refs/heads/main')!
    expect(main.result).toBe('rejected')
    expect(main.message).toBe(
      "the target refused it: octo-dst/dst refused a change under .github/workflows/: add the 'workflow' scope to the PAT, use a GitHub App with 'workflows: write', or set sync-workflows: false"
    )
    expect(w.f.dst.sha('refs/heads/docs')).toBe(ok)
    expect(w.f.dst.sha('refs/heads/main')).toBeUndefined()
  })

  it('with sync-workflows false, holds back refs that change workflows and mints no workflows permission', async () => {
    const w = await makeWorld({ hooks: true })
    w.f.src.commits('main', 1)
    commitWorkflow(w.f.src.dir, 'main', w.f.src.sha('refs/heads/main'))
    const ok = w.f.src.commits('docs', 1)
    const run = await w.f.run(w.inputs({ 'sync-workflows': 'false', branches: 'main, docs' }))
    w.assertNoLeaks(run)
    expect(run.code, run.stdout).toBe(0)
    // Held is not "in sync" (nor "synced"): the target does not match, on purpose, and says so.
    expect(run.outputs.result).toBe('held')
    expect(run.outputs.held).toBe('1')
    expect(run.report!.counts).toMatchObject({ held: 1, created: 1, selected: 2 })
    expect(w.api.issued.find(t => t.installationId === 22)!.permissions).toEqual({ contents: 'write' })
    const main = run.report!.refs.find(r => r.ref === 'refs/heads/main')!
    expect([main.action, main.result, main.cause?.kind]).toEqual(['hold', 'held', 'held-workflows'])
    expect(main.message).toMatch(/changes \.github\/workflows\/ and sync-workflows is false; held back/)
    expect(run.report!.warnings.join('\n')).toMatch(/1 ref\(s\) held back/)
    expect(run.summary).toContain(
      '1 ref was held back: it changes .github/workflows/ and `sync-workflows` is false'
    )
    expect(w.f.dst.sha('refs/heads/main')).toBeUndefined()
    expect(w.f.dst.sha('refs/heads/docs')).toBe(ok)
  })

  it('explains a refused workflows permission when the installation lacks it', async () => {
    const w = await makeWorld({
      installations: [SRC_INST, { ...DST_INST, permissions: { contents: 'write', metadata: 'read' } }]
    })
    w.f.src.commits('main', 1)
    const run = await w.f.run(w.inputs())
    expect(run.code).toBe(1)
    expect(run.report!.error).toMatch(
      /GitHub would not grant the permissions asked for octo-dst\/dst \(422 "The permissions requested are not granted to this installation\."\).*Workflows: read & write \(or set sync-workflows: false\)/
    )
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
  })

  it('reads the default branch through the API with a PAT too', async () => {
    const w = await makeWorld({ apiDefault: 'develop' })
    w.f.src.commits('main', 1)
    const dev = w.f.src.commits('develop', 1)
    const run = await w.f.run(
      w.inputs({
        'app-id': '',
        'app-private-key': '',
        'source-token': w.f.srcToken,
        'target-token': w.f.dstToken
      })
    )
    expect(run.code, run.stdout).toBe(0)
    expect(run.report!.auth).toBe('token')
    expect(w.f.dst.sha('refs/heads/develop')).toBe(dev)
    expect(w.api.requests.map(r => `${r.method} ${r.path} ${r.auth} ${r.status}`)).toEqual([
      'GET /repos/octo-src/src token 200'
    ])
  })

  it('an empty source is refused even though the API names its default branch, and the target is untouched', async () => {
    const w = await makeWorld({ apiDefault: 'main' })
    w.f.dst.commits('main', 1)
    const before = w.f.dst.refs()
    const run = await w.f.run(
      w.inputs({
        'app-id': '',
        'app-private-key': '',
        'source-token': w.f.srcToken,
        'target-token': w.f.dstToken,
        prune: 'true'
      })
    )
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/::error::octo-src\/src has no default branch \(is it empty\?\)/)
    expect(w.f.dst.refs()).toEqual(before)
  })

  it('falls back to git when owner/name repos have no API (another server, no github-api-url)', async () => {
    const w = await makeWorld()
    const tip = w.f.src.commits('main', 1)
    const run = await w.f.run({
      ...w.inputs({
        'app-id': '',
        'app-private-key': '',
        'source-token': w.f.srcToken,
        'target-token': w.f.dstToken
      }),
      'github-api-url': ''
    })
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    // The API was looked for where a GHES server keeps it, found missing, and git's HEAD used.
    expect(run.stdout).toContain(
      "default branch of octo-src/src not read from the API (404); using git's HEAD instead"
    )
    expect(run.stdout).toContain("default branch 'main' (from git's HEAD)")
    expect(w.api.requests).toHaveLength(0)
  })

  it('makes no API call for remotes that are not owner/name on a GitHub server', async () => {
    const w = await makeWorld()
    const tip = w.f.src.commits('main', 2)
    // Plain URLs and PATs: default branch from git's HEAD, no protection check.
    const run = await w.f.run({
      'source-repo': w.f.server.repoUrl('octo-src/src.git'),
      'target-repo': w.f.server.repoUrl('octo-dst/dst.git'),
      'github-api-url': w.api.url,
      'source-token': w.f.srcToken,
      'target-token': w.f.dstToken
    })
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    expect(run.stdout).toContain("default branch 'main' (from git's HEAD)")
    expect(w.api.requests).toHaveLength(0)
  })
})

describe('App tokens on the real GitHub: lag, expiry, rate limits, exact advice', () => {
  // The first API call of an App run: where the rate-limit scenarios put their limits.
  const installationLookup = { method: 'GET', path: '/repos/octo-src/src/installation' }
  const statuses = (w: World, path: string) => w.api.requests.filter(r => r.path === path).map(r => r.status)

  it.each([401, 403] as const)(
    'waits until GitHub accepts each new token (first requests refused with %i) before git sees it',
    async status => {
      const w = await makeWorld({ tokens: { refusedFirst: 2, refusedStatus: status } })
      const tip = w.f.src.commits('main', 2)
      const run = await w.f.run(w.inputs(), { env: FAST_RETRY })
      w.assertNoLeaks(run)
      expect(run.code, run.stdout).toBe(0)
      expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
      // Each token was refused twice on the API, then accepted; git was never refused.
      expect(statuses(w, '/repos/octo-src/src').slice(0, 3)).toEqual([status, status, 200])
      expect(statuses(w, '/repos/octo-dst/dst').slice(0, 3)).toEqual([status, status, 200])
      expect(w.api.gitRefusals).toEqual([])
      expect(run.stdout).toMatch(
        /target: GitHub does not accept the new App token yet \((401 Bad credentials|403 Resource not accessible by integration)\); waiting \d+ ms \(1\/5\)/
      )
      expect(w.api.issued.every(t => t.revoked)).toBe(true)
    }
  )

  it('gives up with one clear line when a new token is never accepted, and still revokes it', async () => {
    const w = await makeWorld({ tokens: { refusedFirst: 100 } })
    w.f.src.commits('main', 1)
    const run = await w.f.run(w.inputs(), { env: FAST_RETRY })
    w.assertNoLeaks(run)
    expect(run.code).toBe(1)
    expect(run.report!.error).toBe(
      'GitHub did not accept the new App token for octo-src/src after 6 tries (401 Bad credentials): GitHub may be slow or degraded (https://www.githubstatus.com); run again later'
    )
    expect(statuses(w, '/repos/octo-src/src')).toEqual([401, 401, 401, 401, 401, 401])
    expect(w.f.server.requests).toHaveLength(0)
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
  })

  it('re-mints a token before it expires, so git never uses a dying one, and revokes every token', async () => {
    // 10 s tokens; the run is held after listing the source until both tokens are about to expire.
    const w: World = await makeWorld({
      tokens: { lifetimeMs: 10_000 },
      beforeGit: async req => {
        if (req.repo !== 'octo-src/src.git' || req.command !== 'ls-refs' || held) return
        held = true
        const first = w.api.issued.find(t => t.installationId === 22)!
        await new Promise(r => setTimeout(r, Date.parse(first.expiresAt) - 400 - Date.now()))
      }
    })
    let held = false
    const tip = w.f.src.commits('main', 2)
    w.f.src.tag('v1', tip)
    const run = await w.f.run(w.inputs())
    w.assertNoLeaks(run)
    expect(run.code, run.stdout).toBe(0)
    expect(held).toBe(true)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    expect(w.f.dst.sha('refs/tags/v1')).toBe(tip)
    expect(run.stdout).toMatch(/target: minting a new GitHub App token for octo-dst\/dst \(it expires at /)
    expect(w.api.issued.filter(t => t.installationId === 22).length).toBeGreaterThanOrEqual(2)
    expect(w.api.gitRefusals).toEqual([])
    // The push used a token minted after the hold, never the first one.
    const [first] = w.api.issued.filter(t => t.installationId === 22)
    const pushTokens = w.f.server.authHeaders.map(tokenFrom)
    expect(pushTokens).toContain(w.api.issued.filter(t => t.installationId === 22).at(-1)!.token)
    expect(w.api.issued.every(t => t.revoked || Date.now() >= t.life.diesAt)).toBe(true)
    expect(first!.revoked || Date.now() >= first!.life.diesAt).toBe(true)
  })

  it('re-mints and retries once when git is refused with a token that expired early', async () => {
    // GitHub's clock runs ahead: tokens die while expires_at still says an hour.
    const w: World = await makeWorld({
      beforeGit: req => {
        if (req.repo === 'octo-src/src.git' && req.command === 'ls-refs' && !expired) {
          expired = true
          w.api.expireTokens()
        }
      }
    })
    let expired = false
    const tip = w.f.src.commits('main', 2)
    const run = await w.f.run(w.inputs())
    w.assertNoLeaks(run)
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    // Both sides were refused once with their dead token, then worked with a new one.
    expect(w.api.gitRefusals.map(r => r.status)).toEqual([401, 401])
    expect(run.stdout).toMatch(/refused the App token; retrying with a new one/)
    expect(run.stdout).toMatch(
      /source: minting a new GitHub App token for octo-src\/src \(git was refused with it\)/
    )
    expect(w.api.issued.map(t => t.installationId).sort()).toEqual([11, 11, 22, 22])
    expect(w.api.issued.filter(t => !t.revoked).every(t => Date.now() >= t.life.diesAt)).toBe(true)
    expect(w.api.issued.slice(2).every(t => t.revoked)).toBe(true)
  })

  it('honours retry-after and x-ratelimit-reset on 429s, logging each wait', async () => {
    const w = await makeWorld({
      rateLimits: [
        {
          ...installationLookup,
          kind: 'secondary',
          status: 429,
          retryAfter: 2,
          times: 1
        },
        {
          method: 'POST',
          path: '/app/installations/22/access_tokens',
          kind: 'primary',
          status: 429,
          resetIn: 1,
          times: 1
        }
      ]
    })
    const tip = w.f.src.commits('main', 1)
    const run = await w.f.run(w.inputs())
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    expect(run.stdout).toContain(
      '::warning::GitHub API rate limit (429) on GET /repos/{owner}/{repo}/installation: waiting 2 s (retry-after), then retrying (1/3)'
    )
    expect(run.stdout).toMatch(
      /::warning::GitHub API rate limit \(429\) on POST \/app\/installations\/\{installation_id\}\/access_tokens: waiting [1-3] s \(x-ratelimit-reset\)/
    )
    // The retry came no sooner than GitHub asked (plugin-retry alone would retry a 429 after 1 s).
    const calls = w.api.requests.filter(r => r.path === '/repos/octo-src/src/installation')
    expect(calls.map(r => r.status)).toEqual([429, 200])
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1900)
  })

  it('gives up at once with a clear error when GitHub asks for a wait beyond the bound', async () => {
    const w = await makeWorld({
      rateLimits: [
        {
          ...installationLookup,
          kind: 'secondary',
          status: 429,
          retryAfter: 3600,
          times: 1
        }
      ]
    })
    w.f.src.commits('main', 1)
    const run = await w.f.run(w.inputs())
    expect(run.code).toBe(1)
    expect(run.report!.error).toMatch(
      /^GitHub API rate limit \(429\) on GET \/repos\/\{owner\}\/\{repo\}\/installation: GitHub asks to wait 3600 s \(retry-after\), more than the 900 s this action waits; run again after \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/
    )
    expect(statuses(w, '/repos/octo-src/src/installation')).toEqual([429])
  })

  it('gives up after three waits when GitHub keeps limiting', async () => {
    const w2 = await makeWorld({
      rateLimits: [{ method: 'GET', path: '/repos/octo-src/src/installation', kind: 'secondary', times: 10 }]
    })
    w2.f.src.commits('main', 1)
    const run2 = await w2.f.run(w2.inputs())
    expect(run2.code).toBe(1)
    expect(run2.report!.error).toMatch(
      /^GitHub API rate limit \(403\) on GET .*: still limited after 3 waits; gave up/
    )
    expect(run2.stdout.match(/::warning::GitHub API rate limit \(403\)/g)).toHaveLength(3)
    expect(statuses(w2, '/repos/octo-src/src/installation')).toEqual([403, 403, 403, 403])
  })

  it('says the App is not installed on a repository outside app-installation-id, not that permissions are missing', async () => {
    const w = await makeWorld()
    w.f.src.commits('main', 1)
    // Installation 11 belongs to octo-src: it cannot mint a token for octo-dst/dst.
    const run = await w.f.run(w.inputs({ 'app-installation-id': '11' }))
    w.assertNoLeaks(run)
    expect(run.code).toBe(1)
    expect(run.report!.error).toBe(
      'the App is not installed on octo-dst/dst (422 "There is at least one repository that does not exist or is not accessible to the parent installation."): app-installation-id 11 does not cover it. An installation belongs to one owner: remove app-installation-id so the action finds each repository\'s installation, or add octo-dst/dst to that installation'
    )
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
  })

  it('refuses a client ID as app-id on GHES before 3.14, naming the fix', async () => {
    const w = await makeWorld({ ghesVersion: '3.13.4' })
    w.f.src.commits('main', 1)
    expect(w.api.url).toMatch(/\/api\/v3$/)
    const run = await w.f.run(w.inputs({ 'app-id': w.app.clientId }))
    expect(run.code).toBe(1)
    expect(run.report!.error).toBe(
      "app-id is a client ID (Iv23…), which GitHub Enterprise Server accepts only from 3.14 on; this server runs 3.13.4: give the App's numeric App ID (on the App's settings page) as app-id"
    )
    expect(w.api.requests.map(r => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /api/v3/repos/octo-src/src/installation 401'
    ])
  })

  it('mirrors with a client ID on GHES 3.14 under /api/v3, with long-format tokens everywhere', async () => {
    const w = await makeWorld({ ghesVersion: '3.14.0', tokens: { longFormat: true } })
    const tip = w.f.src.commits('main', 2)
    const run = await w.f.run(w.inputs({ 'app-id': w.app.clientId }))
    w.assertNoLeaks(run)
    expect(run.code, run.stdout).toBe(0)
    expect(w.f.dst.sha('refs/heads/main')).toBe(tip)
    const tokens = w.api.issued.map(t => t.token)
    expect(tokens.every(t => t.startsWith('ghs_') && t.includes('.') && t.length > 100)).toBe(true)
    expect(w.gitTokensSeen().sort()).toEqual([...tokens].sort())
    // Masked for the runner, revoked at the end (the API took them as tokens, not as JWTs).
    for (const t of tokens) expect(run.stdout).toContain(`::add-mask::${t}`)
    expect(
      w.api.requests.filter(r => r.path === '/api/v3/installation/token').map(r => `${r.auth} ${r.status}`)
    ).toEqual(['token 204', 'token 204'])
    expect(w.api.issued.every(t => t.revoked)).toBe(true)
  })
})
