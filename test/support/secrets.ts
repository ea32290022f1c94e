import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { expect } from 'vitest'

/** Every form in which a token could leak: itself and the Basic credential git would send. */
export function secretForms(token: string): string[] {
  return [
    token,
    Buffer.from(`x-access-token:${token}`).toString('base64'),
    Buffer.from(token).toString('base64')
  ]
}

function filesUnder(dir: string): string[] {
  const out: string[] = []
  let entries: string[]
  try {
    entries = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of entries) {
    const p = path.join(dir, name)
    const st = statSync(p, { throwIfNoEntry: false })
    if (!st) continue
    if (st.isDirectory()) out.push(...filesUnder(p))
    else if (st.isFile()) out.push(p)
  }
  return out
}

export interface ScanResult {
  files: number
  lines: number
}

/**
 * Fails if any token, in any of its forms, appears in any file under the directories or in any of
 * the captured texts (logs). Returns how much it scanned, for the record.
 */
export function assertNoSecrets(tokens: string[], where: { dirs?: string[]; texts?: string[] }): ScanResult {
  const forms = tokens.flatMap(secretForms)
  let files = 0
  let lines = 0
  for (const dir of where.dirs ?? []) {
    for (const file of filesUnder(dir)) {
      const text = readFileSync(file).toString('latin1')
      files++
      lines += text.split('\n').length
      for (const f of forms) expect(text.includes(f), `secret found in ${file}`).toBe(false)
    }
  }
  for (const raw of where.texts ?? []) {
    // `::add-mask::` is the runner command that hides a secret; the runner consumes it, never shows it.
    const text = raw
      .split('\n')
      .filter((l) => !l.startsWith('::add-mask::'))
      .join('\n')
    lines += text.split('\n').length
    for (const f of forms) expect(text.includes(f), 'secret found in captured output').toBe(false)
  }
  return { files, lines }
}
