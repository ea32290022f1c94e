import { strFromU8, unzipSync } from 'fflate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FleetReportSchema } from '../../src/fleet/report.js'
import { LegSchema, MAX_LEGS_PER_MATRIX, MAX_OUTPUT_BYTES, type Leg } from '../../src/fleet/matrix.js'
import { pool } from '../../src/fleet/pool.js'
import { runAction } from '../support/action.js'
import { startAzurite, type Azurite } from '../support/azurite.js'
import { fleetWorld, type FleetWorld } from '../support/fleet.js'
import { BareRepo } from '../support/repos.js'
import { startResultsService, type ResultsService } from '../support/results-service.js'

// A whole fleet the way Actions runs it: one plan job, one job per matrix leg (each with its own
// runtime token, all in one run of the results service), one collect job. Timeouts: three times
// what each took on a busy 2-core machine (azurite keeps its own, longer start timeout).
let azurite: Azurite
let results: ResultsService
let w: FleetWorld
beforeAll(async () => {
  azurite = await startAzurite()
  results = await startResultsService(azurite)
  w = await fleetWorld({ mirrors: 43, overHttp: 3, owned: 5 })
}, 180_000)
afterAll(async () => {
  await results?.close()
  await azurite?.stop()
  await w?.cleanup()
})

describe('plan → matrix legs → collect', () => {
  it('plans 50 legs, runs each as its own job, and collects one fleet summary that fails for the broken pair', async () => {
    const shared = {
      'source-token': w.srcToken,
      'target-token': w.dstToken,
      'github-server-url': w.git.url,
      'github-api-url': w.api.url
    }
    const secrets = [w.srcToken, w.dstToken, results.runtimeToken]
    const plan = await runAction({ ...shared, mode: 'plan', config: 'fleet.yml' }, { cwd: w.root, secrets })
    expect(plan.code, plan.stdout + plan.stderr).toBe(0)
    expect(plan.outputs.legs).toBe('50')
    expect(plan.outputs.chunks).toBe('1')
    expect(plan.outputs['matrix-2']).toBeUndefined()
    // What GitHub accepts for strategy.matrix: an object with include, at most 256 jobs, an output
    // of at most 1 MB.
    expect(Buffer.byteLength(plan.outputs.matrix!)).toBeLessThan(MAX_OUTPUT_BYTES)
    const matrix = JSON.parse(plan.outputs.matrix!) as { include: Leg[] }
    expect(Object.keys(matrix)).toEqual(['include'])
    expect(matrix.include.length).toBeLessThanOrEqual(MAX_LEGS_PER_MATRIX)
    expect(matrix.include).toHaveLength(50)
    for (const leg of matrix.include) LegSchema.parse(leg)
    expect(new Set(matrix.include.map(l => l.report)).size).toBe(50)
    // The plan created the three missing targets (the legs only mirror).
    expect(
      w.api.requests.filter(r => r.method === 'POST' && r.path === '/orgs/acme-backup/repos')
    ).toHaveLength(3)

    // Each leg: `leg: ${{ toJSON(matrix) }}`, its own job (runtime token), a few at a time.
    const legs = await pool(matrix.include, 4, async leg => {
      const job = results.newJob()
      return runAction(
        { ...shared, leg: JSON.stringify(leg) },
        {
          env: { ACTIONS_RUNTIME_TOKEN: job.runtimeToken, ACTIONS_RESULTS_URL: results.url },
          secrets: [...secrets, job.runtimeToken]
        }
      )
    })
    const failedLegs = legs.filter(l => l.code !== 0)
    expect(failedLegs).toHaveLength(1)
    expect(failedLegs[0]!.report!.source.repo).toBe(w.broken.source)
    for (const e of w.expected) expect(new BareRepo(e.dir).sha('refs/heads/main'), e.target).toBe(e.tip)
    // One uniquely named artifact per leg: the service refuses a second upload under one name.
    expect(results.artifacts.filter(a => a.finalized)).toHaveLength(50)

    const job = results.newJob()
    const collect = await runAction(
      { mode: 'collect', legs: plan.outputs.legs! },
      {
        env: {
          ACTIONS_RUNTIME_TOKEN: job.runtimeToken,
          ACTIONS_RESULTS_URL: results.url,
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_REPOSITORY: 'acme/mirrors',
          GITHUB_RUN_ID: '42'
        },
        secrets: [...secrets, job.runtimeToken]
      }
    )
    expect(collect.code, collect.stdout + collect.stderr).toBe(1)
    expect(collect.outputs.result).toBe('failed')
    expect(collect.stdout).toContain('::error::fleet: 1 pair of 50 failed (1 failed, 49 synced)')

    // The summary: headline, counts, failures first, each pair linked to its own report artifact.
    const lines = collect.summary.split('\n')
    expect(lines[0]).toBe('## ❌ Fleet: 1 pair of 50 failed')
    const rows = lines.filter(l => /^\| (❌|✅) /.test(l))
    expect(rows).toHaveLength(50)
    expect(rows[0]).toContain('failed')
    expect(rows[0]).toContain(w.broken.source)
    expect(rows.slice(1).every(r => r.includes('| synced |'))).toBe(true)
    const first = results.artifacts.find(a => a.name === matrix.include[0]!.report)!
    expect(collect.summary).toContain(
      `(https://github.com/acme/mirrors/actions/runs/42/artifacts/${first.id})`
    )

    // The combined report is uploaded once, under its own name that no leg pattern matches.
    const combined = results.artifacts.find(a => a.name === 'sync-report-fleet')!
    expect(combined.finalized).toBe(true)
    const files = unzipSync(new Uint8Array(await azurite.download(combined.container, combined.blob)))
    const fleet = FleetReportSchema.parse(JSON.parse(strFromU8(files['sync-report-fleet.json']!)))
    expect(fleet.counts).toMatchObject({ pairs: 50, failed: 1, synced: 49, missing: 0 })
    expect(fleet.reports).toHaveLength(50)
  }, 1_000_000)

  it('counts a leg that left no report as failed when told how many legs there were', async () => {
    const job = results.newJob()
    const collect = await runAction(
      { mode: 'collect', legs: '52' },
      {
        env: { ACTIONS_RUNTIME_TOKEN: job.runtimeToken, ACTIONS_RESULTS_URL: results.url },
        secrets: [job.runtimeToken, w.srcToken, w.dstToken]
      }
    )
    expect(collect.code).toBe(1)
    expect(collect.summary.split('\n')[0]).toBe('## ❌ Fleet: 3 pairs of 52 failed')
    expect(collect.summary).toContain('leg 51 of 52 uploaded no report')
    expect(collect.summary).toContain('leg 52 of 52 uploaded no report')
  })
})
