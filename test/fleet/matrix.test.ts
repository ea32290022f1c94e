import { describe, expect, it } from 'vitest'
import {
  chunkOutput,
  isLegReport,
  legsOf,
  LegSchema,
  matrixChunks,
  MAX_LEGS_PER_MATRIX,
  MAX_OUTPUT_BYTES
} from '../../src/fleet/matrix.js'
import type { Pair } from '../../src/fleet/pairs.js'

const pairs = (n: number): Pair[] =>
  Array.from({ length: n }, (_, i) => ({
    source: `https://gitlab.example/group/sub-group/a-rather-long-project-name-${i}.git`,
    target: `acme-backup-organisation/a-rather-long-project-name-${i}`,
    options: { branches: ['main', 'release/**'], tags: '**', force: i % 2 === 0 },
    origin: `mirrors[${i}]`
  }))

describe('matrix', () => {
  it('splits 600 legs into chunks GitHub accepts: at most 256 jobs each, each output under 1 MB', () => {
    const legs = legsOf(pairs(600), 'sync-report')
    const chunks = matrixChunks(legs)
    expect(chunks.map(c => c.include.length)).toEqual([256, 256, 88])
    expect(chunks.map((_, i) => chunkOutput(i))).toEqual(['matrix', 'matrix-2', 'matrix-3'])
    for (const c of chunks) {
      expect(c.include.length).toBeLessThanOrEqual(MAX_LEGS_PER_MATRIX)
      expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThan(MAX_OUTPUT_BYTES)
      for (const leg of c.include) LegSchema.parse(leg)
    }
    // Every leg in exactly one chunk, in order.
    expect(chunks.flatMap(c => c.include)).toEqual(legs)
    expect(matrixChunks([])).toEqual([])
  })

  it('starts a new chunk before one would pass 1 MB, and refuses a fleet over 50 MB of outputs', () => {
    // Long branch lists make each leg about 9 kB: 256 of them would be over 2 MB.
    const heavy = pairs(300).map(p => ({
      ...p,
      options: { ...p.options, branches: Array.from({ length: 300 }, (_, i) => `release/v${i}.x-long-name`) }
    }))
    const chunks = matrixChunks(legsOf(heavy, 'sync-report'))
    expect(chunks.length).toBeGreaterThan(2)
    for (const c of chunks) expect(Buffer.byteLength(JSON.stringify(c))).toBeLessThan(MAX_OUTPUT_BYTES)
    expect(chunks.flatMap(c => c.include)).toHaveLength(300)
    expect(chunks[0]!.include.length).toBeLessThan(MAX_LEGS_PER_MATRIX)

    const huge = pairs(8000).map(p => ({ ...p, options: heavy[0]!.options }))
    expect(() => matrixChunks(legsOf(huge, 'sync-report'))).toThrow(/over the 50 MB GitHub allows/)
  })

  it('gives every leg a unique, valid artifact name that collect recognises, and only those', () => {
    const legs = legsOf(pairs(1200), 'nightly')
    const names = legs.map(l => l.report)
    expect(new Set(names).size).toBe(1200)
    for (const n of names) {
      expect(n.length).toBeLessThanOrEqual(100)
      // Characters GitHub refuses in artifact names.
      expect(n).not.toMatch(/["':<>|*?\\/\r\n]/)
      expect(isLegReport('nightly', n)).toBe(true)
    }
    expect(names[0]).toBe(
      'nightly-0001-group_sub-group_a-rather-long-project-name-0-to-acme-backup-organisation_a-rather-long-'
    )
    expect(names[1199]!.startsWith('nightly-1200-')).toBe(true)
    expect(isLegReport('nightly', 'nightly-fleet')).toBe(false)
    expect(isLegReport('nightly', 'other-0001-x')).toBe(false)
    expect(isLegReport('night', 'nightly-0001-x')).toBe(false)
    expect(isLegReport('a.b', 'axb-0001-x')).toBe(false)
  })
})
