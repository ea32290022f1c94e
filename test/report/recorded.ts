import { createHash } from 'node:crypto'
import { chmodSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { ActionRun } from '../support/action.js'
import { FAST_RETRY, faultFor, is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import type { RequestInfo } from '../support/git-http-server.js'
import {
  installGitHubHooks,
  makeTestApp,
  octoRepos,
  startGitHubApiServer,
  type GitHubApiServer
} from '../support/github-api-server.js'
import { git, type BareRepo } from '../support/repos.js'
import { SyncReportSchema, type SyncReport } from '../../src/report/schema.js'

/**
 * Reports recorded from real runs of dist/index.js, so the summary snapshots can only freeze what the
 * product really writes. Only what differs between two runs of the same scenario is replaced: the
 * server's port and temp paths, times, run ids and commit ids (renamed in order of first appearance,
 * since the test clock makes them depend on how many commits other scenarios made before).
 */
export interface Recorded {
  run: ActionRun
  report: SyncReport
}

export function normalise(report: SyncReport): SyncReport {
  const ids = new Map<string, string>()
  const text = JSON.stringify(report)
    .replace(/\b[0-9a-f]{40}\b/g, id => {
      if (!ids.has(id)) ids.set(id, createHash('sha1').update(`commit ${ids.size}`).digest('hex'))
      return ids.get(id)!
    })
    .replace(/127\.0\.0\.1:\d+/g, 'git.test')
    .replace(/\/tmp\/rm-[a-z]+-[A-Za-z0-9]+/g, '/tmp/rm-run')
    .replace(/\d{8}T\d{6}Z/g, '20261125T030000Z')
  const r = SyncReportSchema.parse(JSON.parse(text))
  const timings = Object.fromEntries(Object.keys(r.timings).map((k, i) => [k, 100 * (i + 1)]))
  return {
    ...r,
    startedAt: '2026-11-25T03:00:00.000Z',
    finishedAt: '2026-11-25T03:00:04.250Z',
    timings,
    trigger: { event: 'schedule', runId: '9001', workflow: 'Mirror upstream', actor: 'octocat' }
  }
}

/** A scenario set up and ready to run: the fixture, its inputs, and what to close afterwards. */
interface Prepared {
  f: MirrorFixture
  inputs: Record<string, string>
  env?: Record<string, string>
  close?: () => Promise<void>
}

async function record(p: Prepared): Promise<Recorded> {
  try {
    const run = await p.f.run(p.inputs, { env: p.env })
    if (!run.report) throw new Error(`the run wrote no report:\n${run.stdout}\n${run.stderr}`)
    return { run, report: normalise(run.report) }
  } finally {
    await p.close?.()
    await p.f.cleanup()
  }
}

/**
 * Runs every scenario. The repositories are built one after another (the test clock makes commit ids
 * and dates depend on the order of git calls), then the runs go in parallel: they mostly wait on git
 * and the servers.
 */
export async function recordAll(): Promise<Record<ScenarioName, Recorded>> {
  const prepared: [ScenarioName, Prepared][] = []
  for (const [name, prepare] of Object.entries(scenarios) as [ScenarioName, () => Promise<Prepared>][])
    prepared.push([name, await prepare()])
  const runs = await Promise.all(prepared.map(async ([name, p]) => [name, await record(p)] as const))
  return Object.fromEntries(runs) as Record<ScenarioName, Recorded>
}

/**
 * One source and target with one ref in every situation a run without GitHub meets:
 * main diverged, hotfix ahead in the target, tag v2.0.0 moved, develop behind, feature/login new,
 * tag v1.1.0 new, v1.0.0 up to date, vendor-patches only in the target.
 */
function mixedRefs(src: BareRepo, dst: BareRepo) {
  src.commits('main', 2)
  src.commits('develop', 1)
  src.commits('hotfix', 1)
  src.tag('v1.0.0', src.sha('refs/heads/main')!)
  dst.copyFrom(src)
  src.commits('main', 1, 'source')
  dst.commits('main', 2, 'diverging')
  dst.commits('hotfix', 1, 'target only')
  src.commits('develop', 4, 'more')
  src.commits('feature/login', 1)
  src.tag('v1.1.0', src.sha('refs/heads/develop')!)
  src.tag('v2.0.0', src.sha('refs/heads/main')!)
  dst.tag('v2.0.0', dst.sha('refs/heads/hotfix')!)
  dst.commits('vendor-patches', 1)
}

export const scenarios = {
  async 'in-sync'() {
    const f = await mirrorFixture()
    f.src.commits('main', 2)
    f.src.commits('develop', 1)
    f.src.tag('v1.0.0', f.src.sha('refs/heads/main')!)
    f.dst.copyFrom(f.src)
    return { f, inputs: { branches: '**' } }
  },

  async synced() {
    const f = await mirrorFixture()
    mixedRefs(f.src, f.dst)
    return { f, inputs: { branches: '**', force: 'true', prune: 'true' } }
  },

  async conflicts() {
    const f = await mirrorFixture()
    mixedRefs(f.src, f.dst)
    return { f, inputs: { branches: '**' } }
  },

  async 'dry-run'() {
    const f = await mirrorFixture()
    mixedRefs(f.src, f.dst)
    return { f, inputs: { branches: '**', prune: 'true', 'dry-run': 'true' } }
  },

  /** The target moves main between analysis and push: the lease refuses; develop still lands. */
  async 'lease-moved'() {
    let moved = false
    const f: MirrorFixture = await mirrorFixture({
      server: {
        before: (req: RequestInfo) => {
          if (is.pushAdvert('dst.git')(req) && !moved) {
            moved = true
            f.dst.commits('main', 1, 'intruder')
          }
        }
      }
    })
    f.src.commits('main', 1)
    f.src.commits('develop', 1)
    f.dst.copyFrom(f.src)
    f.src.commits('main', 2, 'source')
    f.src.commits('develop', 1, 'more')
    return { f, inputs: { branches: '**' } }
  },

  /** Every push fails at the transport (HTTP 500), after the retries. */
  async 'push-failed'() {
    const f = await mirrorFixture({ server: { fault: faultFor(is.push('dst.git'), '500', Infinity) } })
    f.src.commits('main', 1)
    f.dst.copyFrom(f.src)
    f.src.commits('main', 1, 'source')
    return { f, inputs: { branches: '**' }, env: FAST_RETRY }
  },

  /** An input error stops the run before it reads any ref; it still writes a report. */
  async 'failed-early'() {
    const f = await mirrorFixture()
    f.src.commits('main', 1)
    return { f, inputs: { 'backup-ref-prefix': 'refs/heads/backup/' } }
  },

  /**
   * On a GitHub target (the API double and GitHub's hooks): main is protected, ci changes a workflow
   * with sync-workflows false, docs is new.
   */
  async github() {
    const app = makeTestApp()
    // The git server's access hook reads the API double, which needs the git server's root first.
    const late: { api?: GitHubApiServer } = {}
    const f = await mirrorFixture({
      names: { src: 'octo-src/src.git', dst: 'octo-dst/dst.git' },
      server: { access: (token, req) => late.api?.access(token, req) }
    })
    const server = await startGitHubApiServer({
      app,
      installations: [
        { id: 11, account: 'octo-src', permissions: { contents: 'read', metadata: 'read' } },
        { id: 22, account: 'octo-dst', permissions: { contents: 'write', metadata: 'read' } }
      ],
      repos: octoRepos({ protectedBranches: ['main'] }),
      gitRoot: f.root,
      gitTokens: f.server.tokens,
      pats: new Map()
    })
    late.api = server
    installGitHubHooks(f.dst.dir)
    f.src.commits('main', 1)
    f.dst.copyFrom(f.src)
    f.src.commits('main', 2, 'more')
    commitWorkflow(f.src, 'ci', f.src.sha('refs/heads/main'))
    f.src.commits('docs', 1)
    f.src.commits('develop', 1)
    f.dst.copyFrom(f.src, ['refs/heads/develop:refs/heads/develop'])
    f.src.commits('develop', 2, 'more')
    return {
      f,
      inputs: {
        'source-repo': 'octo-src/src',
        'target-repo': 'octo-dst/dst',
        'github-server-url': f.server.url,
        'github-api-url': server.url,
        'app-id': app.appId,
        'app-private-key': app.privateKey,
        'source-token': '',
        'target-token': '',
        'sync-workflows': 'false',
        branches: 'main, ci, docs, develop'
      },
      close: () => server.close()
    }
  },

  /**
   * The target's hook declines one branch with text of its own (attacker-controlled in the summary),
   * and a branch whose name is full of shell and markdown characters diverged.
   */
  async 'hook-declined'() {
    const f = await mirrorFixture()
    f.src.commits('main', 1)
    f.src.commits(WEIRD, 1)
    f.dst.copyFrom(f.src)
    f.src.commits('guarded', 1)
    f.src.commits(WEIRD, 1, 'source')
    f.dst.commits(WEIRD, 1, 'target')
    const hook = path.join(f.dst.dir, 'hooks', 'update')
    writeFileSync(
      hook,
      `#!/bin/sh\nif [ "$1" = refs/heads/guarded ]; then echo 'a | b <script>alert(1)</script> *c*' >&2; exit 1; fi\n`
    )
    chmodSync(hook, 0o755)
    return { f, inputs: { branches: '**' } }
  }
} satisfies Record<string, () => Promise<Prepared>>

/** A branch name git accepts that is full of shell and markdown characters. */
export const WEIRD = 'x$(id);|`<b>'

export type ScenarioName = keyof typeof scenarios

/** A commit whose tree holds .github/workflows/ci.yml (nested trees built with plumbing). */
function commitWorkflow(repo: BareRepo, branch: string, parent?: string): string {
  const dir = repo.dir
  const blob = git(dir, ['hash-object', '-w', '--stdin'], 'on: push\njobs: {}\n')
  const wf = git(dir, ['mktree'], `100644 blob ${blob}\tci.yml\n`)
  const gh = git(dir, ['mktree'], `040000 tree ${wf}\tworkflows\n`)
  const root = git(dir, ['mktree'], `040000 tree ${gh}\t.github\n`)
  const sha = git(dir, ['commit-tree', root, '-m', 'add workflow', ...(parent ? ['-p', parent] : [])])
  git(dir, ['update-ref', `refs/heads/${branch}`, sha])
  return sha
}
