import { readFileSync, rmSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { runPostStep } from '../support/action.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import { tokenFrom } from '../support/git-http-server.js'
import {
  installGitHubHooks,
  makeTestApp,
  startGitHubApiServer,
  type GitHubApiServer,
  type GitHubApiServerOptions,
  type InstallationDef,
  type TestApp
} from '../support/github-api-server.js'
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
      before: async () => {
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
    expect(w.api.issued).toHaveLength(2)
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
      /::warning::GitHub API rate limit reached \(GET \/repos\/\{owner\}\/\{repo\}\/installation\); retrying in \d+ s/
    )
    expect(run.stdout).toMatch(
      /::warning::GitHub API secondary rate limit \(POST \/app\/installations\/\{installation_id\}\/access_tokens\); retrying in 1 s/
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
    expect(tip).not.toBe(base)
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
      /GitHub would not grant the permissions asked for octo-dst\/dst \(422\).*Workflows: read & write \(or set sync-workflows: false\)/
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
