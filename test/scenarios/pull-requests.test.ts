import { afterEach, describe, expect, it, vi } from 'vitest'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import {
  installGitHubHooks,
  makeTestApp,
  octoRepos,
  startGitHubApiServer,
  type GitHubApiServer
} from '../support/github-api-server.js'
import { git } from '../support/repos.js'

// Several action runs per test on a busy two-core machine.
vi.setConfig({ testTimeout: 240_000 })

/**
 * on-conflict: pull-request against the GitHub API double and real git: a diverged or protected
 * branch gets one pull request from its mirror branch, kept current and never duplicated, and
 * closed with a comment once the branch syncs by itself.
 */
let f: MirrorFixture | undefined
let api: GitHubApiServer | undefined
afterEach(async () => {
  await api?.close()
  await f?.cleanup()
  f = api = undefined
})

const RUN_ENV = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo/ci', GITHUB_RUN_ID: '42' }

async function world(
  o: { protectedBranches?: string[]; dstPermissions?: Record<string, 'read' | 'write'> } = {}
) {
  const app = makeTestApp()
  const fx = await mirrorFixture({
    names: { src: 'octo-src/src.git', dst: 'octo-dst/dst.git' },
    server: { access: (token, req) => api?.access(token, req) }
  })
  f = fx
  api = await startGitHubApiServer({
    app,
    installations: [
      { id: 11, account: 'octo-src', permissions: { contents: 'read', metadata: 'read' } },
      {
        id: 22,
        account: 'octo-dst',
        permissions: o.dstPermissions ?? {
          contents: 'write',
          pull_requests: 'write',
          workflows: 'write',
          metadata: 'read'
        }
      }
    ],
    repos: octoRepos(o),
    gitRoot: fx.root,
    gitTokens: fx.server.tokens,
    gitServerUrl: fx.server.url,
    pats: new Map([
      [fx.srcToken, { repos: ['octo-src/src'], scopes: ['repo'] }],
      [fx.dstToken, { repos: ['octo-dst/dst'], scopes: ['repo'] }]
    ])
  })
  installGitHubHooks(fx.dst.dir)
  const server = api
  const inputs = (extra: Record<string, string> = {}) => ({
    'source-repo': 'octo-src/src',
    'target-repo': 'octo-dst/dst',
    'github-server-url': fx.server.url,
    'github-api-url': server.url,
    'on-conflict': 'pull-request',
    tags: '',
    ...extra
  })
  const run = (extra: Record<string, string> = {}) => fx.run(inputs(extra), { env: RUN_ENV })
  return { fx, api: server, app, run, inputs }
}

describe('on-conflict: pull-request', () => {
  it('opens one pull request for a diverged branch, keeps it current, and closes it once the branch syncs', async () => {
    const w = await world()
    const base = w.fx.src.commits('main', 2)
    w.fx.dst.copyFrom(w.fx.src)
    const mirrorOnly = w.fx.dst.commit('main', 'hotfix in the mirror', { file: 'hotfix.txt' })
    const tree = git(w.fx.src.dir, ['rev-parse', `${base}^{tree}`])
    const evil = git(w.fx.src.dir, [
      'commit-tree',
      tree,
      '-p',
      base,
      '-m',
      'Fix <script>alert(1)</script> [x](https://evil.example)'
    ])
    git(w.fx.src.dir, ['update-ref', 'refs/heads/main', evil])

    const first = await w.run()
    expect(first.code, first.stdout).toBe(0)
    expect(first.outputs.result).toBe('synced')
    expect(w.fx.dst.sha('refs/heads/main')).toBe(mirrorOnly)
    expect(w.fx.dst.sha('refs/heads/mirror/main')).toBe(evil)
    expect(w.api.pulls).toHaveLength(1)
    const pr = w.api.pulls[0]!
    expect(pr).toMatchObject({ head: 'mirror/main', base: 'main', state: 'open' })
    expect(pr.body).toContain('1 commit ahead of the source, 1 behind')
    expect(pr.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt; \\[x\\](')
    expect(pr.body).not.toContain('[x](')
    expect(pr.body).not.toContain('<script>')
    expect(pr.body).toContain('(https://github.com/octo/ci/actions/runs/42)')
    const ref = first.report!.refs.find(r => r.ref === 'refs/heads/main')!
    expect(ref).toMatchObject({
      action: 'pull-request',
      result: 'proposed',
      pullRequest: { number: 1, state: 'created' }
    })
    expect(JSON.parse(first.outputs['pull-requests']!)).toEqual([
      {
        ref: 'refs/heads/main',
        number: 1,
        url: `${w.fx.server.url}/octo-dst/dst/pull/1`,
        head: 'mirror/main',
        state: 'created'
      }
    ])
    expect(first.summary).toContain(`[#1](${w.fx.server.url}/octo-dst/dst/pull/1) created`)

    // The source moves on: the same pull request follows it.
    const next = w.fx.src.commit('main', 'more source work', { file: 'more.txt' })
    const second = await w.run()
    expect(second.code, second.stdout).toBe(0)
    expect(w.api.pulls).toHaveLength(1)
    expect(w.fx.dst.sha('refs/heads/mirror/main')).toBe(next)
    expect(w.api.pulls[0]!.body).toContain('2 behind')
    expect(second.report!.refs[0]!.pullRequest).toMatchObject({ number: 1, state: 'updated' })
    // Nothing changed since: the pull request is still the one, not a second.
    expect((await w.run()).code).toBe(0)
    expect(w.api.pulls).toHaveLength(1)

    // Someone brings main to the source's tip: the next run closes the pull request with a comment.
    w.fx.dst.setRef('refs/heads/main', next)
    const third = await w.run()
    expect(third.code, third.stdout).toBe(0)
    expect(third.outputs.result).toBe('in-sync')
    expect(w.api.pulls[0]!.state).toBe('closed')
    expect(w.api.pulls[0]!.comments).toEqual([expect.stringContaining('synced by the mirror itself')])
    expect(w.fx.dst.sha('refs/heads/mirror/main')).toBeUndefined()
    expect(third.report!.refs[0]!.pullRequest).toMatchObject({ number: 1, state: 'closed' })
    expect(third.summary).toContain('closed')
  })

  it('proposes a protected branch instead of failing the step, and the App token asks for pull-requests: write', async () => {
    const w = await world({ protectedBranches: ['main'] })
    w.fx.src.commits('main', 2)
    w.fx.dst.copyFrom(w.fx.src)
    const before = w.fx.dst.sha('refs/heads/main')
    w.fx.src.commits('main', 2, 'new')
    const appInputs = { 'app-id': w.app.appId, 'app-private-key': w.app.privateKey }
    const run = await w.fx.run(w.inputs({ ...appInputs, 'source-token': '', 'target-token': '' }), {
      env: RUN_ENV
    })
    expect(run.code, run.stdout).toBe(0)
    expect(w.fx.dst.sha('refs/heads/main')).toBe(before)
    expect(w.fx.dst.sha('refs/heads/mirror/main')).toBe(w.fx.src.sha('refs/heads/main'))
    expect(w.api.pulls.map(p => [p.head, p.base, p.state])).toEqual([['mirror/main', 'main', 'open']])
    expect(w.api.pulls[0]!.body).toContain('the target protects this branch')
    const target = w.api.issued.find(t => t.repositories.includes('octo-dst/dst'))!
    expect(target.permissions).toMatchObject({ contents: 'write', pull_requests: 'write' })

    // Without the mode, the App does not ask for it.
    const plain = await w.fx.run(
      { ...w.inputs({ ...appInputs, 'source-token': '', 'target-token': '' }), 'on-conflict': '' },
      { env: RUN_ENV }
    )
    expect(plain.code).toBe(1)
    const last = w.api.issued.filter(t => t.repositories.includes('octo-dst/dst')).at(-1)!
    expect(last.permissions.pull_requests).toBeUndefined()
  })

  it('an App installation without Pull requests permission fails with a line that names it', async () => {
    const w = await world({ dstPermissions: { contents: 'write', workflows: 'write', metadata: 'read' } })
    w.fx.src.commits('main', 1)
    const appInputs = { 'app-id': w.app.appId, 'app-private-key': w.app.privateKey }
    const run = await w.fx.run(w.inputs({ ...appInputs, 'source-token': '', 'target-token': '' }), {
      env: RUN_ENV
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/Pull requests: read & write \(for on-conflict: pull-request\)/)
    expect(w.api.pulls).toEqual([])
  })
})

describe('on-conflict inputs', () => {
  it('refuses pull-request for a target that is not an owner/name GitHub repository', async () => {
    const fx = (f = await mirrorFixture())
    fx.src.commits('main', 1)
    const run = await fx.run({ 'on-conflict': 'pull-request' })
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/on-conflict: pull-request needs a GitHub target given as 'owner\/name'/)
  })

  it('on-conflict: force overwrites like force: true, and contradicting force is refused', async () => {
    const fx = (f = await mirrorFixture())
    const base = fx.src.commits('main', 1)
    fx.dst.copyFrom(fx.src)
    fx.dst.commit('main', 'mirror only', { parent: base })
    const tip = fx.src.commit('main', 'source only', { parent: base })
    const bad = await fx.run({ 'on-conflict': 'fail', force: 'true' })
    expect(bad.stdout).toMatch(/force: true contradicts on-conflict: fail/)
    const run = await fx.run({ 'on-conflict': 'force' })
    expect(run.outputs.result, run.stdout).toBe('synced')
    expect(fx.dst.sha('refs/heads/main')).toBe(tip)
    expect(run.report!.refs[0]!.backupRef).toMatch(/^refs\/mirror-backup\/heads\/main\//)
  })
})
