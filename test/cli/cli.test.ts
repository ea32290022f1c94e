import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { envInputs, SECRET_ENV } from '../../src/cli/args.js'
import { FleetReportSchema } from '../../src/fleet/report.js'
import { INPUT_NAMES } from '../../src/inputs.js'
import { ROOT } from '../support/action.js'
import { fleetWorld, type FleetWorld } from '../support/fleet.js'
import { BareRepo } from '../support/repos.js'
import { startGitHttpServer } from '../support/git-http-server.js'
import { newToken } from '../support/fixture.js'
import { assertNoSecrets } from '../support/secrets.js'

const CLI = path.join(ROOT, 'dist/cli.js')

interface CliRun {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

function cli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
  onSpawn?: (child: ChildProcess) => void
): Promise<CliRun> {
  const t0 = performance.now()
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', d => (stdout += d))
  child.stderr.on('data', d => (stderr += d))
  onSpawn?.(child)
  return new Promise(resolve =>
    child.on('close', code => resolve({ code, stdout, stderr, ms: Math.round(performance.now() - t0) }))
  )
}

describe('CLI: one pair', () => {
  let dir: string
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rm-cli-'))
  })
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('mirrors a pair given by flags, prints plain lines in a pipe, and exits 0', async () => {
    const src = BareRepo.create(dir, 'src.git')
    const dst = BareRepo.create(dir, 'dst.git')
    const tip = src.commits('main', 2)
    src.commits('dev', 1)
    const run = await cli(['--source', src.dir, '--target', dst.dir, '--branches', 'main,dev', '--tags', ''])
    expect(run.code, run.stderr).toBe(0)
    expect(dst.sha('refs/heads/main')).toBe(tip)
    expect(dst.sha('refs/heads/dev')).toBe(src.sha('refs/heads/dev'))
    // No terminal here: one plain line per phase, no escape sequences, no workflow commands.
    const label = `${src.dir} → ${dst.dir}`
    expect(run.stdout).toContain(`${label}: List refs\n`)
    expect(run.stdout).toContain(`${label}: Push\n`)
    expect(run.stdout).toContain(`[1/1] ${label}: synced (2 refs updated)\n`)
    expect(run.stdout).not.toMatch(/\x1b\[|::[a-z-]+::/)
    // Run again: nothing to do.
    const again = await cli(['--source', src.dir, '--target', dst.dir, '--branches', 'main,dev'])
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('in-sync (0 refs updated)')
  })

  it('exits 1 when the pair has conflicts, and 2 for bad usage, a token flag or a bad config', async () => {
    const src = BareRepo.create(dir, 'c-src.git')
    const dst = BareRepo.create(dir, 'c-dst.git')
    const base = src.commits('main', 1)
    dst.copyFrom(src)
    src.commit('main', 'source side', { parent: base })
    dst.commit('main', 'target side', { parent: base })
    const conflict = await cli(['--source', src.dir, '--target', dst.dir])
    expect(conflict.code).toBe(1)
    expect(conflict.stdout).toMatch(/conflicts: refs\/heads\/main: /)

    const noTarget = await cli(['--source', src.dir])
    expect(noTarget.code).toBe(2)
    expect(noTarget.stderr).toContain('give --source and --target')
    const token = await cli(['--source', src.dir, '--target', dst.dir, '--target-token=ghp_abcdefgh12345678'])
    expect(token.code).toBe(2)
    expect(token.stderr).toContain('--target-token is not a flag: secrets are read from the environment only')
    expect(token.stderr).not.toContain('ghp_abcdefgh12345678')
    const unknown = await cli(['--source', src.dir, '--target', dst.dir, '--frobnicate'])
    expect(unknown.code).toBe(2)

    const bad = path.join(dir, 'bad.yml')
    writeFileSync(
      bad,
      [
        'mirrors:',
        '  - source: acme/api',
        '  - source: acme/lib',
        '    target: x/lib',
        "    branches: 'a..b'",
        '    colour: red',
        ''
      ].join('\n')
    )
    const config = await cli(['--config', bad])
    expect(config.code).toBe(2)
    expect(config.stderr.trim().split('\n')).toEqual([
      `repo-mirror: ${bad}: mirrors[0]: needs exactly one of 'target' or 'targets'`,
      `repo-mirror: ${bad}: mirrors[1]: unknown key 'colour'`
    ])
    expect(dst.sha('refs/heads/main')).not.toBe(src.sha('refs/heads/main'))
  })

  it('--help lists every flag, one for each action input that is not a secret, and the exit codes', async () => {
    const run = await cli(['--help'])
    expect(run.code).toBe(0)
    // Secrets come from the environment; the pair and the artifact settings are the action's own.
    const notFlags = new Set([
      'source-repo',
      'target-repo',
      'github-token',
      'source-token',
      'target-token',
      'app-id',
      'app-private-key',
      'app-installation-id',
      'source-ssh-key',
      'target-ssh-key',
      'sync-workflows',
      'report-name',
      'retention-days',
      'config',
      'leg',
      'legs'
    ])
    const flags = [
      ...INPUT_NAMES.filter(n => !notFlags.has(n)).map(n => `--${n}`),
      '--source',
      '--target',
      '--config',
      '--no-sync-workflows',
      '--create-targets',
      '--concurrency',
      '--report',
      '--verbose'
    ]
    for (const flag of flags) expect(run.stdout).toMatch(new RegExp(`^  ${flag} `, 'm'))
    for (const name of Object.values(SECRET_ENV)) expect(run.stdout).toContain(name)
    expect(run.stdout).toMatch(/^Exit status:\n {2}0 {2}\S.*\n {2}1 {2}\S.*\n {2}2 {2}bad usage/m)
  })

  it('takes no secret as a flag: SSH keys, like tokens, come from the environment', async () => {
    for (const flag of ['--source-ssh-key=x', '--github-token', '--app-private-key=k']) {
      const run = await cli(['--source', 'a/b', '--target', 'c/d', flag])
      expect(run.code).toBe(2)
      expect(run.stderr).toContain('is not a flag: secrets are read from the environment only')
    }
    expect(envInputs({ REPO_MIRROR_SOURCE_SSH_KEY: 'k1', REPO_MIRROR_TARGET_SSH_KEY: 'k2' })).toMatchObject({
      'source-ssh-key': 'k1',
      'target-ssh-key': 'k2'
    })
  })
})

/** Processes alive whose environment holds `marker` (a run's own TMPDIR): the CLI, its workers, their git. */
function processesWith(marker: string): number[] {
  const pids: number[] = []
  for (const pid of readdirSync('/proc').filter(p => /^\d+$/.test(p)))
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').includes(marker)) pids.push(Number(pid))
    } catch {
      // gone meanwhile, or not ours to read
    }
  return pids
}

describe('CLI: cancel', () => {
  it('SIGTERM to a running fleet stops every worker and its git, and leaves no temporary directory', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'rm-cli-cancel-'))
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'rm-cli-tmp-'))
    const token = newToken()
    let reached!: () => void
    const atServer = new Promise<void>(r => (reached = r))
    let release!: () => void
    const gate = new Promise<void>(r => (release = r))
    // Every request waits at the server: the pairs are mid-run when the signal comes.
    const git = await startGitHttpServer({
      root,
      tokens: new Map([[token, '*']]),
      before: () => (reached(), gate)
    })
    try {
      const lines = ['mirrors:']
      for (const n of [1, 2, 3]) {
        BareRepo.create(root, `s${n}.git`).commits('main', 1)
        BareRepo.create(root, `d${n}.git`)
        lines.push(`  - source: ${git.repoUrl(`s${n}.git`)}`, `    target: ${git.repoUrl(`d${n}.git`)}`)
      }
      writeFileSync(path.join(root, 'fleet.yml'), lines.join('\n') + '\n')
      const run = await cli(
        ['--config', path.join(root, 'fleet.yml'), '--concurrency', '2'],
        { REPO_MIRROR_TOKEN: token, TMPDIR: tmp },
        undefined,
        child => void atServer.then(() => child.kill('SIGTERM'))
      )
      expect(run.code).toBe(143)
      // The workers and their git stop too (each within the runner's grace period), and with them
      // every work directory.
      const deadline = Date.now() + 20_000
      while (processesWith(`TMPDIR=${tmp}`).length && Date.now() < deadline)
        await new Promise(r => setTimeout(r, 200))
      expect(processesWith(`TMPDIR=${tmp}`)).toEqual([])
      expect(readdirSync(tmp)).toEqual([])
      expect(new BareRepo(path.join(root, 'd1.git')).sha('refs/heads/main')).toBeUndefined()
    } finally {
      release()
      await git.close()
      rmSync(root, { recursive: true, force: true })
      rmSync(tmp, { recursive: true, force: true })
    }
  })
})

describe('CLI: a fleet of 50 pairs from one config', () => {
  let w: FleetWorld
  // Timeouts: three times what this took on a busy 2-core machine.
  beforeAll(async () => {
    w = await fleetWorld({ mirrors: 43, overHttp: 3, owned: 5 })
  }, 60_000)
  afterAll(async () => w?.cleanup())

  it('mirrors every pair it can, reports the broken one, creates missing targets, and exits 1', async () => {
    const report = path.join(w.root, 'out', 'fleet-report.json')
    const env = { REPO_MIRROR_SOURCE_TOKEN: w.srcToken, REPO_MIRROR_TARGET_TOKEN: w.dstToken }
    const run = await cli(
      ['--config', w.configFile, '--concurrency', '4', '--report', report].concat([
        '--github-server-url',
        w.git.url,
        '--github-api-url',
        w.api.url
      ]),
      env
    )
    expect(run.code, run.stdout + run.stderr).toBe(1)

    // Every pair but the broken one landed, including the three targets the run created.
    expect(w.expected).toHaveLength(49)
    for (const e of w.expected) {
      const dst = new BareRepo(e.dir)
      expect(dst.sha('refs/heads/main'), e.target).toBe(e.tip)
      expect(dst.sha('refs/tags/v1'), e.target).toBe(e.tip)
    }
    const creates = w.api.requests.filter(r => r.method === 'POST' && r.path === '/orgs/acme-backup/repos')
    expect(creates.map(r => r.status)).toEqual([201, 201, 201])
    for (const name of ['a3', 'a4', 'a5'])
      expect(w.repos.find(r => r.owner === 'acme-backup' && r.name === name)).toMatchObject({
        private: true,
        description: `Mirror of acme/${name} (repo-mirror)`
      })

    const fleet = FleetReportSchema.parse(JSON.parse(readFileSync(report, 'utf8')))
    expect(statSync(report).mode & 0o777).toBe(0o600)
    expect(fleet.counts).toEqual({
      pairs: 50,
      failed: 1,
      missing: 0,
      conflicts: 0,
      held: 0,
      dryRun: 0,
      synced: 49,
      inSync: 0
    })
    expect(fleet.result).toBe('failed')
    // Failures first, with the server's own words; then the rest.
    expect(fleet.pairs[0]).toMatchObject({
      source: w.broken.source,
      target: w.broken.target,
      result: 'failed'
    })
    expect(fleet.pairs[0]!.problem).toMatch(/not found|404|does not exist/i)
    expect(fleet.pairs.slice(1).every(p => p.result === 'synced' && p.updated === 2)).toBe(true)
    expect(fleet.reports).toHaveLength(50)
    // Discovery left out what the config said to skip.
    expect(
      fleet.pairs
        .map(p => p.source)
        .filter(s => s.startsWith('acme/'))
        .sort()
    ).toEqual(['acme/a1', 'acme/a2', 'acme/a3', 'acme/a4', 'acme/a5'])

    const lines = run.stdout.trim().split('\n')
    expect(lines.filter(l => /^\[\d+\/50\] /.test(l))).toHaveLength(50)
    expect(lines.filter(l => l.startsWith('repo-mirror: '))).toEqual([
      'repo-mirror: 1 pair of 50 failed (1 failed, 49 synced)'
    ])
    expect(lines.at(-1)).toBe(`report: ${report}`)
    expect(run.stdout).not.toMatch(/::[a-z-]+::/)
    assertNoSecrets([w.srcToken, w.dstToken], { dirs: [w.root], texts: [run.stdout, run.stderr] })
  }, 400_000)
})
