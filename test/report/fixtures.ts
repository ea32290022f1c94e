import { createHash } from 'node:crypto'
import type { RefRecord } from '../../src/record.js'
import { countRefs, verdict } from '../../src/report/build.js'
import { SyncReportSchema, type SyncReport } from '../../src/report/schema.js'

/** A stable, realistic commit id for a label, so snapshots do not change between runs. */
export const sha = (label: string) => createHash('sha1').update(label).digest('hex')

export const GITHUB = {
  source: {
    repo: 'acme/upstream',
    url: 'https://github.com/acme/upstream.git',
    webUrl: 'https://github.com/acme/upstream'
  },
  target: {
    repo: 'acme-mirror/upstream',
    url: 'https://github.com/acme-mirror/upstream.git',
    webUrl: 'https://github.com/acme-mirror/upstream'
  }
}
export const PLAIN = {
  source: {
    repo: 'https://git.example.org/team/app.git',
    url: 'https://git.example.org/team/app.git',
    webUrl: null
  },
  target: { repo: '/srv/mirrors/app.git', url: null, webUrl: null }
}

type RefSpec = Pick<RefRecord, 'ref' | 'status' | 'action' | 'result'> & Partial<RefRecord>

/** One ref result with the fields a real run would fill for its status and result. */
export function ref(spec: RefSpec): RefRecord {
  const name = spec.ref.replace(/^refs\/(heads|tags)\//, '')
  const kind = spec.ref.startsWith('refs/tags/') ? 'tag' : 'branch'
  const source = spec.status === 'target-only' ? null : sha(`${spec.ref}@source`)
  const before =
    spec.status === 'create' || spec.status === 'tag-new'
      ? null
      : spec.status === 'up-to-date'
        ? source
        : sha(`${spec.ref}@target`)
  const after = spec.result === 'applied' ? (spec.action === 'delete' ? null : source) : before
  return {
    name,
    kind,
    sourceSha: source,
    targetBefore: before,
    targetAfter: after,
    ahead: null,
    behind: null,
    backupRef: null,
    protected: null,
    cause:
      spec.result === 'skipped' &&
      (spec.status === 'diverged' || spec.status === 'target-ahead' || spec.status === 'tag-moved')
        ? { kind: spec.status, detail: spec.message ?? '' }
        : null,
    message: '',
    ...spec
  }
}

export function report(refs: RefRecord[], over: Partial<SyncReport> = {}): SyncReport {
  const dryRun = over.dryRun ?? false
  const error = over.error ?? null
  const counts = countRefs(refs)
  return SyncReportSchema.parse({
    schemaVersion: 2,
    mode: 'mirror',
    ...GITHUB,
    trigger: { event: 'schedule', runId: '9001', workflow: 'Mirror upstream', actor: 'octocat' },
    startedAt: '2026-11-25T03:00:00.000Z',
    finishedAt: '2026-11-25T03:00:04.250Z',
    dryRun,
    force: false,
    prune: false,
    auth: 'token',
    result: verdict(counts, dryRun, error),
    counts,
    timings: { Authenticate: 12, 'List refs': 340, Analyse: 800, Push: 2100, Report: 20 },
    warnings: [],
    error,
    refs,
    ...over
  })
}

const upToDate = (r: string) =>
  ref({
    ref: r,
    status: 'up-to-date',
    action: 'none',
    result: 'unchanged',
    message: 'target already matches the source'
  })

export const scenarios = {
  'in-sync': () =>
    report([upToDate('refs/heads/main'), upToDate('refs/heads/develop'), upToDate('refs/tags/v1.0.0')]),

  synced: () =>
    report(
      [
        ref({
          ref: 'refs/heads/main',
          status: 'fast-forward',
          action: 'update',
          result: 'applied',
          ahead: 0,
          behind: 3,
          message: 'target is 3 commits behind; fast-forward'
        }),
        ref({
          ref: 'refs/heads/feature/login',
          status: 'create',
          action: 'create',
          result: 'applied',
          message: 'branch is missing in the target'
        }),
        ref({
          ref: 'refs/tags/v1.1.0',
          status: 'tag-new',
          action: 'create',
          result: 'applied',
          message: 'tag is new in the source'
        }),
        ref({
          ref: 'refs/heads/release',
          status: 'diverged',
          action: 'force-update',
          result: 'applied',
          ahead: 1,
          behind: 2,
          backupRef: 'refs/mirror-backup/heads/release/20261125T030000Z',
          message:
            'target and source diverged (target 1 commit ahead, 2 behind); overwritten because force is set, old tip saved as refs/mirror-backup/heads/release/20261125T030000Z'
        }),
        ref({
          ref: 'refs/heads/old-experiment',
          status: 'target-only',
          action: 'delete',
          result: 'applied',
          backupRef: 'refs/mirror-backup/heads/old-experiment/20261125T030000Z',
          message:
            'exists only in the target; pruned, old tip saved as refs/mirror-backup/heads/old-experiment/20261125T030000Z'
        }),
        upToDate('refs/heads/develop'),
        upToDate('refs/tags/v1.0.0')
      ],
      { force: true, prune: true }
    ),

  conflicts: () =>
    report([
      ref({
        ref: 'refs/heads/main',
        status: 'diverged',
        action: 'skip',
        result: 'skipped',
        ahead: 2,
        behind: 1,
        message:
          'target and source diverged (target 2 commits ahead, 1 behind); left alone (set force to overwrite it, with a backup)'
      }),
      ref({
        ref: 'refs/heads/hotfix',
        status: 'target-ahead',
        action: 'skip',
        result: 'skipped',
        ahead: 1,
        behind: 0,
        message: 'target has 1 commit the source lacks; left alone (set force to overwrite it, with a backup)'
      }),
      ref({
        ref: 'refs/tags/v2.0.0',
        status: 'tag-moved',
        action: 'skip',
        result: 'skipped',
        message: 'tag points elsewhere in the target; left alone (set force to overwrite it, with a backup)'
      }),
      ref({
        ref: 'refs/heads/develop',
        status: 'fast-forward',
        action: 'update',
        result: 'applied',
        ahead: 0,
        behind: 4,
        message: 'target is 4 commits behind; fast-forward'
      }),
      ref({
        ref: 'refs/heads/vendor-patches',
        status: 'target-only',
        action: 'none',
        result: 'unchanged',
        message: 'branch exists only in the target; kept (prune is off)'
      }),
      upToDate('refs/tags/v1.0.0')
    ]),

  'dry-run': () =>
    report(
      [
        ref({
          ref: 'refs/heads/main',
          status: 'fast-forward',
          action: 'update',
          result: 'planned',
          ahead: 0,
          behind: 5,
          message: 'target is 5 commits behind; fast-forward'
        }),
        ref({
          ref: 'refs/heads/feature/$weird;name',
          status: 'create',
          action: 'create',
          result: 'planned',
          message: 'branch is missing in the target'
        }),
        ref({
          ref: 'refs/heads/legacy',
          status: 'diverged',
          action: 'skip',
          result: 'skipped',
          ahead: 3,
          behind: 7,
          message:
            'target and source diverged (target 3 commits ahead, 7 behind); left alone (set force to overwrite it, with a backup)'
        }),
        ref({
          ref: 'refs/heads/stale',
          status: 'target-only',
          action: 'delete',
          result: 'planned',
          backupRef: 'refs/mirror-backup/heads/stale/20261125T030000Z',
          message:
            'exists only in the target; pruned, old tip saved as refs/mirror-backup/heads/stale/20261125T030000Z'
        }),
        upToDate('refs/tags/v1.0.0')
      ],
      {
        ...PLAIN,
        dryRun: true,
        prune: true,
        trigger: { event: 'workflow_dispatch', runId: '77', workflow: 'mirror', actor: 'maintainer' }
      }
    ),

  failed: () =>
    report(
      [
        ref({
          ref: 'refs/heads/main',
          status: 'fast-forward',
          action: 'update',
          result: 'rejected',
          ahead: 0,
          behind: 2,
          cause: { kind: 'protected', detail: 'GH006: Protected branch update failed for refs/heads/main.' },
          message:
            'target refused main: the branch is protected; allow this token to bypass the protection or sync that branch another way'
        }),
        ref({
          ref: 'refs/heads/develop',
          status: 'fast-forward',
          action: 'update',
          result: 'rejected',
          ahead: 0,
          behind: 1,
          cause: { kind: 'lease-moved', detail: 'stale info' },
          message:
            'the target ref moved after analysis, so the lease refused the push; nothing was overwritten (run again to re-plan)'
        }),
        ref({
          ref: 'refs/heads/docs',
          status: 'create',
          action: 'create',
          result: 'failed',
          cause: {
            kind: 'transport',
            detail: 'error: RPC failed; curl 56 Recv failure: Connection reset by peer'
          },
          message: 'push to acme-mirror/upstream failed: the connection was reset (after 3 retries)'
        }),
        ref({
          ref: 'refs/tags/v1.1.0',
          status: 'tag-new',
          action: 'create',
          result: 'applied',
          message: 'tag is new in the source'
        })
      ],
      { warnings: ["branches pattern 'relese/*' matched no branch in the source or the target"] }
    ),

  'failed-early': () =>
    report([], {
      error:
        'target-token cannot push to acme-mirror/upstream (HTTP 403): give a token with contents: write on the target'
    })
}

/** `n` refs of every kind, as a large monorepo mirror would produce. */
export function hugeReport(n: number, nameLength = 20): SyncReport {
  const refs: RefRecord[] = []
  for (let i = 0; i < n; i++) {
    const pad = `${'x'.repeat(Math.max(0, nameLength - 12))}-${String(i).padStart(6, '0')}`
    const k = i % 10
    if (k === 0)
      refs.push(
        ref({
          ref: `refs/heads/b${pad}`,
          status: 'diverged',
          action: 'skip',
          result: 'skipped',
          ahead: 2,
          behind: 3,
          message:
            'target and source diverged (target 2 commits ahead, 3 behind); left alone (set force to overwrite it, with a backup)'
        })
      )
    else if (k < 3)
      refs.push(
        ref({
          ref: `refs/heads/b${pad}`,
          status: 'fast-forward',
          action: 'update',
          result: 'applied',
          ahead: 0,
          behind: 1,
          message: 'target is 1 commit behind; fast-forward'
        })
      )
    else if (k < 5)
      refs.push(
        ref({
          ref: `refs/tags/t${pad}`,
          status: 'tag-new',
          action: 'create',
          result: 'applied',
          message: 'tag is new in the source'
        })
      )
    else refs.push(upToDate(`refs/tags/t${pad}`))
  }
  return report(refs)
}
