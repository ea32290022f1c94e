import { spawn } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pool } from '../../src/fleet/pool.js'
import { newToken } from './fixture.js'
import { startGitHttpServer, type GitHttpServer } from './git-http-server.js'
import { makeTestApp, startGitHubApiServer, type GitHubApiServer, type RepoDef } from './github-api-server.js'
import { BareRepo } from './repos.js'

/**
 * A fleet of tiny repositories, with the GitHub API double for an organisation to discover ('acme')
 * and one to mirror into ('acme-backup'):
 * - `mirrors` pairs src/rNN.git → dst/rNN.git (the first also to dst/r01-copy.git): the first
 *   `overHttp` by URL through the local git HTTP server, the rest by local path (the engine is the
 *   same; a path costs no web server per request, and fifty pairs must stay quick);
 * - one mirror whose source does not exist (src/missing.git, by URL), to prove it blocks nothing;
 * - acme's repositories a1…aN discovered (over HTTP), beside an archived one, a fork, an empty one
 *   and a sandbox one the config leaves out; acme-backup holds the first two targets already, the
 *   rest are created (create-targets).
 */
export interface FleetWorld {
  root: string
  git: GitHttpServer
  api: GitHubApiServer
  srcToken: string
  dstToken: string
  configFile: string
  /** The API double's repositories (it appends the ones it creates). */
  repos: RepoDef[]
  /** Every pair that should end synced: target bare repo → the source tip it must hold. */
  expected: { source: string; target: string; dir: string; tip: string }[]
  /** The one broken pair. */
  broken: { source: string; target: string }
  cleanup: () => Promise<void>
}

/**
 * An empty bare repository as BareRepo.create makes it, copied from a template without git's sample
 * hooks: fifty `git init`s cost more than the mirroring they prepare on a busy machine.
 */
function emptyRepo(root: string, rel: string): BareRepo {
  const template = path.join(root, '.template.git')
  if (!existsSync(template)) {
    BareRepo.create(root, '.template.git')
    for (const extra of ['hooks', 'description', 'info'])
      rmSync(path.join(template, extra), { recursive: true })
  }
  cpSync(template, path.join(root, rel), { recursive: true })
  return new BareRepo(path.join(root, rel))
}

/**
 * One commit on main and a tag v1, in a single git process (fast-import, which also prints the
 * commit's SHA), stable SHAs. Asynchronous, so several are made at once.
 */
async function tinyRepo(root: string, rel: string, content: string): Promise<string> {
  const repo = emptyRepo(root, rel)
  const stream = [
    'commit refs/heads/main',
    'mark :1',
    'committer Mirror Test <test@example.com> 1700000000 +0000',
    'data 4',
    'tiny',
    'M 644 inline file.txt',
    `data ${Buffer.byteLength(content)}`,
    content,
    'reset refs/tags/v1',
    'from :1',
    'get-mark :1',
    ''
  ].join('\n')
  const child = spawn('git', ['fast-import', '--quiet'], {
    env: { PATH: process.env.PATH, GIT_DIR: repo.dir },
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let out = ''
  let err = ''
  child.stdout.on('data', d => (out += d))
  child.stderr.on('data', d => (err += d))
  child.stdin.end(stream)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  if (code !== 0) throw new Error(`git fast-import into ${rel} failed (${code}): ${err}`)
  return out.trim()
}

export async function fleetWorld(opts: {
  mirrors: number
  overHttp: number
  owned: number
}): Promise<FleetWorld> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rm-fleet-'))
  const srcToken = newToken()
  const dstToken = newToken()
  const git = await startGitHttpServer({
    root,
    tokens: new Map<string, string[] | '*'>([
      [srcToken, '*'],
      [dstToken, '*']
    ])
  })
  const expected: FleetWorld['expected'] = []
  const mirrors: string[] = []
  // Sources are made together once everything is laid out; `tip` holds the source's path until then.
  const sources: { rel: string; content: string }[] = []
  const source = (rel: string, content: string) => (sources.push({ rel, content }), rel)
  for (let i = 1; i <= opts.mirrors; i++) {
    const n = String(i).padStart(2, '0')
    const tip = source(`src/r${n}.git`, `repo ${n}\n`)
    const address = (rel: string) => (i <= opts.overHttp ? git.repoUrl(rel) : path.join(root, rel))
    const targets = i === 1 ? [`dst/r${n}.git`, `dst/r${n}-copy.git`] : [`dst/r${n}.git`]
    for (const t of targets) {
      emptyRepo(root, t)
      expected.push({ source: address(`src/r${n}.git`), target: address(t), dir: path.join(root, t), tip })
    }
    mirrors.push(
      targets.length > 1
        ? `  - source: ${address(`src/r${n}.git`)}\n    targets: [${targets.map(address).join(', ')}]`
        : `  - source: ${address(`src/r${n}.git`)}\n    target: ${address(targets[0]!)}`
    )
  }
  const broken = { source: git.repoUrl('src/missing.git'), target: git.repoUrl('dst/missing.git') }
  emptyRepo(root, 'dst/missing.git')
  mirrors.push(`  - source: ${broken.source}\n    target: ${broken.target}`)

  const repos: RepoDef[] = []
  const owned = Array.from({ length: opts.owned }, (_, i) => `a${i + 1}`)
  for (const name of owned) {
    const tip = source(`acme/${name}.git`, `acme ${name}\n`)
    repos.push({ owner: 'acme', name, gitPath: `acme/${name}.git`, defaultBranch: 'main' })
    expected.push({
      source: `acme/${name}`,
      target: `acme-backup/${name}`,
      dir: path.join(root, `acme-backup/${name}.git`),
      tip
    })
  }
  for (const [name, extra] of [
    ['old', { archived: true }],
    ['forked', { fork: true }],
    ['sandbox-x', {}]
  ] as const) {
    source(`acme/${name}.git`, `${name}\n`)
    repos.push({ owner: 'acme', name, gitPath: `acme/${name}.git`, defaultBranch: 'main', ...extra })
  }
  emptyRepo(root, 'acme/blank.git')
  repos.push({ owner: 'acme', name: 'blank', gitPath: 'acme/blank.git', defaultBranch: 'main' })
  for (const name of owned.slice(0, 2)) {
    emptyRepo(root, `acme-backup/${name}.git`)
    repos.push({ owner: 'acme-backup', name, gitPath: `acme-backup/${name}.git`, defaultBranch: 'main' })
  }
  const tips = await pool(sources, 6, s => tinyRepo(root, s.rel, s.content))
  const tipOf = new Map(sources.map((s, i) => [s.rel, tips[i]!]))
  for (const e of expected) e.tip = tipOf.get(e.tip)!

  const api = await startGitHubApiServer({
    app: makeTestApp(),
    installations: [],
    repos,
    gitRoot: root,
    gitTokens: git.tokens,
    pats: new Map([
      [
        srcToken,
        { repos: repos.filter(r => r.owner === 'acme').map(r => `acme/${r.name}`), scopes: ['repo'] }
      ],
      [
        dstToken,
        {
          repos: repos.filter(r => r.owner === 'acme-backup').map(r => `acme-backup/${r.name}`),
          scopes: ['repo']
        }
      ]
    ]),
    fleet: {
      accounts: [
        { login: 'acme', type: 'Organization' },
        { login: 'acme-backup', type: 'Organization' }
      ],
      creators: new Map([[dstToken, ['acme-backup']]])
    }
  })

  const configFile = path.join(root, 'fleet.yml')
  writeFileSync(
    configFile,
    [
      "defaults: { branches: '**', tags: '**', prune: false }",
      'mirrors:',
      ...mirrors,
      'owners:',
      '  - source: acme',
      '    target: acme-backup',
      "    include: ['*']",
      "    exclude: ['sandbox-*']",
      '    skip: [archived, forks, empty]',
      '    create-targets: true',
      ''
    ].join('\n')
  )
  return {
    root,
    git,
    api,
    srcToken,
    dstToken,
    configFile,
    repos,
    expected,
    broken,
    async cleanup() {
      await api.close()
      await git.close()
      rmSync(root, { recursive: true, force: true })
    }
  }
}
