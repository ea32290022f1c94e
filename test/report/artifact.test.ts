import { existsSync, readFileSync } from 'node:fs'
import { unzipSync, strFromU8 } from 'fflate'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { SyncReportSchema } from '../../src/report/schema.js'
import { startAzurite, type Azurite } from '../support/azurite.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import { startResultsService, type ResultsService } from '../support/results-service.js'

// One emulator for the file (it takes a second or two to start); a fresh results service per test.
let azurite: Azurite
beforeAll(async () => {
  azurite = await startAzurite()
})
afterAll(async () => azurite?.stop())

let f: MirrorFixture
let results: ResultsService
beforeEach(async () => {
  f = await mirrorFixture()
  results = await startResultsService(azurite)
  f.tokens.push(results.runtimeToken)
})
afterEach(async () => {
  await results.close()
  await f.cleanup()
})

const runtimeEnv = () => ({ ACTIONS_RUNTIME_TOKEN: results.runtimeToken, ACTIONS_RESULTS_URL: results.url })

describe('sync-report artifact', () => {
  it('uploads the report through the results service to blob storage, where it unzips to a valid report', async () => {
    const tip = f.src.commits('main', 2)
    f.src.tag('v1', tip, true)
    const t0 = Date.now()
    const run = await f.run({ 'report-name': 'nightly-report', 'retention-days': '5' }, { env: runtimeEnv() })
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.outputs.result).toBe('synced')

    expect(results.calls.map(c => `${c.method} ${c.status}`)).toEqual([
      'CreateArtifact 200',
      'FinalizeArtifact 200'
    ])
    expect(results.artifacts).toHaveLength(1)
    const a = results.artifacts[0]!
    expect(a).toMatchObject({
      name: 'nightly-report',
      finalized: true,
      mimeType: 'application/zip',
      version: 7
    })
    // retention-days reaches the service as an expiry about five days out.
    const days = (Date.parse(a.expiresAt!) - t0) / 86_400_000
    expect(days).toBeGreaterThan(4.99)
    expect(days).toBeLessThan(5.01)
    expect(run.stdout).toContain(`Uploaded artifact 'nightly-report' (id ${a.id}, ${a.size} bytes)`)

    const zip = await azurite.download(a.container, a.blob)
    expect(zip.length).toBe(a.size)
    const files = unzipSync(new Uint8Array(zip))
    expect(Object.keys(files)).toEqual(['nightly-report.json'])
    const stored = SyncReportSchema.parse(JSON.parse(strFromU8(files['nightly-report.json']!)))
    expect(stored).toEqual(run.report)
    expect(stored.result).toBe('synced')
    expect(stored.refs.map(r => `${r.ref} ${r.result}`)).toEqual([
      'refs/heads/main applied',
      'refs/tags/v1 applied'
    ])
    expect(stored.refs[0]!.targetAfter).toBe(tip)
    // The job summary is written from the same report.
    expect(run.summary.split('\n')[0]).toBe('## ✅ Synced: 2 refs updated in the target')
    expect(run.summary).toContain('`http://127.0.0.1:')
  })

  it('keeps the sync result and the report file when the service refuses the upload, with one clear warning', async () => {
    const tip = f.src.commits('main', 1)
    results.fail({
      method: 'CreateArtifact',
      status: 403,
      code: 'permission_denied',
      msg: 'artifact uploads are disabled for this repository'
    })
    const run = await f.run({}, { env: runtimeEnv() })
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
    expect(results.calls).toEqual([{ method: 'CreateArtifact', status: 403 }])
    expect(results.artifacts).toEqual([])

    const file = run.outputs['report-path']!
    expect(
      run.stdout.split('\n').filter(l => l.startsWith('::warning::') && /artifact/i.test(l))
    ).toHaveLength(1)
    const warning = run.stdout
      .split('\n')
      .find(l => l.startsWith("::warning::Could not upload the 'sync-report' artifact"))
    expect(warning).toContain('artifact uploads are disabled for this repository')
    expect(warning).toContain(`The report stays at ${file}`)
    expect(existsSync(file)).toBe(true)
    expect(SyncReportSchema.parse(JSON.parse(readFileSync(file, 'utf8')))).toEqual(run.report)
    expect(run.report!.refs[0]).toMatchObject({ ref: 'refs/heads/main', result: 'applied', targetAfter: tip })
  })

  it('warns and keeps the report when blob storage rejects the signed URL', async () => {
    f.src.commits('main', 1)
    const broken = {
      ...azurite,
      signedUploadUrl: (c: string, b: string) =>
        azurite.signedUploadUrl(c, b).replace(/sig=[^&]+/, 'sig=AAAA')
    }
    await results.close()
    results = await startResultsService(broken)
    f.tokens.push(results.runtimeToken)
    const run = await f.run({ 'dry-run': 'true' }, { env: runtimeEnv() })
    expect(run.code, run.stdout + run.stderr).toBe(0)
    expect(run.outputs.result).toBe('dry-run')
    expect(results.calls.map(c => c.method)).toEqual(['CreateArtifact'])
    expect(results.artifacts.every(a => !a.finalized)).toBe(true)
    expect(run.stdout).toMatch(
      /::warning::Could not upload the 'sync-report' artifact: .*The report stays at /
    )
    expect(existsSync(run.outputs['report-path']!)).toBe(true)
  })

  it('does not try to upload without an Actions runtime', async () => {
    f.src.commits('main', 1)
    const run = await f.run()
    expect(run.code).toBe(0)
    expect(results.calls).toEqual([])
    expect(run.stdout).toContain('No Actions runtime here: the report is not uploaded')
  })
})
