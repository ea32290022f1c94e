import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')
const tmp = mkdtempSync(path.join(os.tmpdir(), 'rm-bench-'))
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

/** The cells of the table row for this scenario and method. */
function row(table: string, scenario: string, method: string): string[] {
  const line = table.split('\n').find(l => l.startsWith(`| ${scenario} | ${method} |`))
  if (!line) throw new Error(`no row for ${scenario} / ${method} in:\n${table}`)
  return line.split('|').map(c => c.trim())
}

/** "97 kB (packs: 0 B)" → bytes. */
function bytes(cell: string): number {
  const m = /^([\d.]+) (B|kB|MB)/.exec(cell)
  if (!m) throw new Error(`not a size: ${cell}`)
  return Number(m[1]) * { B: 1, kB: 1e3, MB: 1e6 }[m[2] as 'B' | 'kB' | 'MB']
}

describe('npm run bench', () => {
  // The README's numbers come from this script: it must run from a clean checkout as documented.
  it('measures naive, ours and the floor on the tiny profile and writes the table', async () => {
    const out = path.join(tmp, 'results.md')
    await promisify(execFile)(
      process.execPath,
      [
        '--experimental-strip-types',
        '--no-warnings',
        'bench/run.ts',
        '--profile',
        'tiny',
        '--reps',
        '1',
        '--scenarios',
        'no-op,incremental',
        '--out',
        out,
        '--cache',
        tmp
      ],
      { cwd: root, maxBuffer: 64 << 20 }
    )
    const table = readFileSync(out, 'utf8')
    for (const scenario of ['no-op', 'incremental'])
      for (const method of ['naive', 'ours', 'floor']) expect(row(table, scenario, method)[3]).toMatch(/ s$/)
    // Columns: scenario, method, wall time, from source, to target, from target, total bytes.
    const total = (s: string, m: string) => bytes(row(table, s, m)[7]!)
    // What the README claims, measured: no pack for a no-op, the delta (not a snapshot) for an update.
    expect(row(table, 'no-op', 'ours')[4]).toMatch(/\(packs: 0 B\)/)
    expect(total('incremental', 'ours')).toBeLessThanOrEqual(1.5 * total('incremental', 'floor'))
    expect(total('incremental', 'ours')).toBeLessThan(total('incremental', 'naive') / 10)
  }, 600_000)
})
