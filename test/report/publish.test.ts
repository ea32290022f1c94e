import { describe, expect, it } from 'vitest'
import type { PlannedRef } from '../../src/record.js'
import { buildReport, reportFile } from '../../src/report/publish.js'
import { SyncReportSchema } from '../../src/report/schema.js'

const sha = (c: string) => c.repeat(40)

function planned(name: string, source: string, target: string | null): PlannedRef {
  return {
    ref: `refs/tags/${name}`,
    name,
    kind: 'tag',
    status: target === source ? 'up-to-date' : 'tag-new',
    sourceSha: sha(source),
    targetBefore: target && sha(target),
    ahead: null,
    behind: null,
    action: target === source ? 'none' : 'create',
    backupRef: null,
    protected: null,
    cause: null,
    message: target === source ? 'up to date' : 'new tag: "quoted", and a line\nbreak'
  }
}

function report(refs: PlannedRef[]) {
  return buildReport({
    source: { repo: 'o/src', url: null, webUrl: null },
    target: { repo: 'o/dst', url: null, webUrl: null },
    auth: 'token',
    dryRun: true,
    force: false,
    prune: false,
    planned: refs,
    outcomes: new Map(),
    warnings: [],
    error: null,
    timings: { 'List refs': 12 },
    startedAt: new Date('2026-11-26T10:00:00Z'),
    finishedAt: new Date('2026-11-26T10:00:01Z'),
    env: {}
  })
}

describe('the report file', () => {
  it('reads back as the same report, one line per ref', () => {
    const r = report([planned('v1', 'a', 'a'), planned('v2', 'b', null), planned('v3', 'c', 'c')])
    const text = reportFile(r)
    expect(SyncReportSchema.parse(JSON.parse(text))).toEqual(r)
    const lines = text.split('\n')
    for (const ref of r.refs)
      expect(lines).toContain(`  ${JSON.stringify(ref)}${ref.name === 'v3' ? '' : ','}`)
    expect(lines.filter(l => l.startsWith('  {"ref":'))).toHaveLength(3)
    expect(text.endsWith('\n}\n')).toBe(true)
  })

  it('holds an empty ref list and leaves out fields that are absent', () => {
    const r = report([])
    const text = reportFile(r)
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(r)))
    expect(text).toContain('\n"refs": []')
    expect(text).not.toContain('undefined')
  })
})
