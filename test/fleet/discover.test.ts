import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseConfig } from '../../src/fleet/config.js'
import { filterRepos, listOwnerRepos } from '../../src/fleet/discover.js'
import { resolvePairs } from '../../src/fleet/pairs.js'
import { tokenClient } from '../../src/github/octokit.js'
import { newToken } from '../support/fixture.js'
import {
  makeTestApp,
  startGitHubApiServer,
  type GitHubApiServer,
  type RepoDef
} from '../support/github-api-server.js'
import { BareRepo } from '../support/repos.js'

let root: string
let api: GitHubApiServer
let repos: RepoDef[]
const reader = newToken()
const admin = newToken()
const outsider = newToken()

beforeEach(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'rm-discover-'))
  // 150 repositories: two pages of 100. Only a few need a git repository (size is read from it).
  repos = Array.from({ length: 150 }, (_, i) => ({
    owner: 'big',
    name: `repo-${String(i).padStart(3, '0')}`,
    gitPath: 'big/shared.git',
    defaultBranch: 'main',
    archived: i === 3,
    fork: i === 4
  }))
  const shared = BareRepo.create(root, 'big/shared.git')
  shared.commits('main', 1)
  BareRepo.create(root, 'big/empty.git')
  repos.push({ owner: 'big', name: 'empty', gitPath: 'big/empty.git', defaultBranch: 'main' })
  repos.push({ owner: 'big', name: 'secret', gitPath: 'big/shared.git', defaultBranch: 'main' })
  repos.push({ owner: 'dev', name: 'tool', gitPath: 'big/shared.git', defaultBranch: 'main' })
  repos.push({ owner: 'backup', name: 'repo-000', gitPath: 'big/shared.git', defaultBranch: 'main' })
  api = await startGitHubApiServer({
    app: makeTestApp(),
    installations: [],
    repos,
    gitRoot: root,
    gitTokens: new Map(),
    pats: new Map([
      // The reader sees every repository of big but 'secret' (private, no access).
      [
        reader,
        { repos: repos.filter(r => r.name !== 'secret').map(r => `${r.owner}/${r.name}`), scopes: ['repo'] }
      ],
      [admin, { repos: ['backup/repo-000'], scopes: ['repo'] }],
      [outsider, { repos: [], scopes: [] }]
    ]),
    rateLimits: [{ method: 'GET', path: '/orgs/big/repos', kind: 'secondary', times: 1 }],
    fleet: {
      accounts: [
        { login: 'big', type: 'Organization' },
        { login: 'backup', type: 'Organization' },
        { login: 'dev', type: 'User' }
      ],
      users: new Map([[reader, 'dev']]),
      creators: new Map([[admin, ['backup']]])
    }
  })
})
afterEach(async () => {
  await api.close()
  rmSync(root, { recursive: true, force: true })
})

describe('owner discovery', () => {
  it('lists an organisation page by page (waiting out a rate limit) and a user through /user/repos', async () => {
    const list = await listOwnerRepos(tokenClient(api.url, reader, 0), 'big')
    expect(list).toHaveLength(151)
    expect(list.some(r => r.name === 'secret')).toBe(false)
    const pages = api.requests.filter(r => r.path === '/orgs/big/repos')
    // The first answer is the secondary rate limit; then two pages of 100.
    expect(pages.map(r => r.status)).toEqual([403, 200, 200])
    const mine = await listOwnerRepos(tokenClient(api.url, reader, 0), 'dev')
    expect(mine.map(r => r.name)).toEqual(['tool'])
    expect(api.requests.some(r => r.path === '/user/repos')).toBe(true)
    await expect(listOwnerRepos(tokenClient(api.url, reader, 0), 'nobody')).rejects.toThrow(
      "owner 'nobody' was not found on this GitHub server"
    )
  })

  it('filters with include/exclude globs and skips archived repositories, forks and empty ones', () => {
    const listed = [
      { name: 'api', size: 10 },
      { name: 'Sandbox-1', size: 10 },
      { name: 'old', archived: true, size: 10 },
      { name: 'fork', fork: true, size: 10 },
      { name: 'blank', size: 0 },
      { name: 'docs', size: 10 }
    ]
    expect(
      filterRepos(listed, { include: ['*'], exclude: ['sandbox-*'], skip: ['archived', 'forks', 'empty'] })
    ).toEqual({
      names: ['api', 'docs'],
      left: [
        { name: 'blank', why: 'empty' },
        { name: 'fork', why: 'a fork' },
        { name: 'old', why: 'archived' },
        { name: 'Sandbox-1', why: 'excluded' }
      ]
    })
    expect(filterRepos(listed, { include: ['a*', 'o*'] }).names).toEqual(['api', 'old'])
  })

  it('resolves owners into pairs and creates missing targets, each failure its own pair’s', async () => {
    const config = parseConfig(`
defaults: { tags: '' }
owners:
  - source: big
    target: backup
    include: ['repo-00*', 'empty']
    skip: [archived, forks, empty]
    create-targets: true
  - source: big
    target: dev
    include: [repo-000]
    create-targets: true
`)
    const logs: string[] = []
    const r = await resolvePairs(config, {
      sourceApi: () => tokenClient(api.url, reader, 0),
      targetApi: () => tokenClient(api.url, admin, 0),
      info: s => logs.push(s),
      warning: s => logs.push(`warning: ${s}`)
    })
    expect(r.pairs.map(p => `${p.source} → ${p.target}`)).toEqual([
      ...['000', '001', '002', '005', '006', '007', '008', '009'].map(
        n => `big/repo-${n} → backup/repo-${n}`
      ),
      'big/repo-000 → dev/repo-000'
    ])
    expect(r.pairs[0]!.options).toEqual({ tags: '', 'create-targets': true })
    expect(logs).toContain('  big/repo-003: left out (archived)')
    expect(logs).toContain('  big/empty: left out (empty)')
    // backup/repo-000 exists; seven were created, private, describing their source.
    const posts = api.requests.filter(x => x.method === 'POST')
    expect(posts.filter(x => x.path === '/orgs/backup/repos' && x.status === 201)).toHaveLength(7)
    expect(repos.find(x => x.owner === 'backup' && x.name === 'repo-005')).toMatchObject({
      private: true,
      description: 'Mirror of big/repo-005 (repo-mirror)'
    })
    // dev is a user the admin token is not: that one pair has a problem, the rest do not.
    expect([...r.problems.entries()]).toEqual([
      [
        8,
        "could not create dev/repo-000: dev is a user account, and only that user's own token can create repositories there"
      ]
    ])
  })

  it('without the permission to create, says which permission is missing', async () => {
    const config = parseConfig(`
mirrors:
  - source: big/repo-001
    target: backup/new-one
    create-targets: true
`)
    const r = await resolvePairs(config, {
      sourceApi: () => tokenClient(api.url, reader, 0),
      targetApi: () => tokenClient(api.url, reader, 0),
      info: () => {},
      warning: () => {}
    })
    expect(r.pairs).toHaveLength(1)
    expect(r.problems.get(0)).toMatch(
      /^could not create backup\/new-one: 403 .*\(the target token needs permission to create repositories in backup: 'repo' scope, or Administration: write\)$/
    )
  })

  it('refuses two pairs writing one target, naming both', async () => {
    const config = parseConfig(`
mirrors:
  - source: big/repo-001
    target: backup/x
  - source: big/repo-002
    targets: [backup/y, backup/x]
`)
    await expect(
      resolvePairs(config, {
        sourceApi: () => tokenClient(api.url, reader, 0),
        targetApi: () => tokenClient(api.url, reader, 0),
        info: () => {},
        warning: () => {}
      })
    ).rejects.toThrow(
      'mirrors[1].targets[1] and mirrors[0] both mirror into backup/x (from big/repo-002 and big/repo-001): give each target one source'
    )
  })
})
