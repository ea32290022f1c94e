import { appendFileSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { expect, inject } from 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** JSON-lines file where every scan of the suite records what it read (see global-setup.ts). */
    secretScanTally?: string
  }
}

/** Inputs that carry credentials, by name: every token or key the action was given. */
export function secretInputs(inputs: Record<string, string>): string[] {
  return Object.entries(inputs)
    .filter(([k]) => /token|key|secret|password/i.test(k))
    .map(([, v]) => v.trim())
}

/**
 * base64 of `text` as it reads inside any longer base64 stream: for each of the three alignments,
 * the characters that depend only on `text` (the partial groups at both ends are dropped).
 */
function base64Inside(text: string): string[] {
  const out: string[] = []
  for (let k = 0; k < 3; k++) {
    const encoded = Buffer.concat([Buffer.alloc(k), Buffer.from(text)]).toString('base64')
    const start = k === 0 ? 0 : 4
    const whole = Math.floor((k + Buffer.byteLength(text)) / 3) * 4
    out.push(encoded.slice(start, whole))
  }
  return out
}

/**
 * Every form in which a token could leak: itself, URL-encoded, the Basic credential git sends (with
 * any user name, also as part of any larger base64 text, in every alignment), and the token in
 * base64 on its own; base64 also in its URL-safe alphabet.
 */
export function secretForms(token: string): string[] {
  const basic = `x-access-token:${token}`
  const base64 = [
    Buffer.from(basic).toString('base64'),
    Buffer.from(`:${token}`).toString('base64'),
    Buffer.from(token).toString('base64'),
    ...base64Inside(basic),
    ...base64Inside(token)
  ]
  const urlSafe = base64.map(b => Buffer.from(b, 'base64').toString('base64url'))
  return [
    ...new Set([...keyMaterial(token), token, encodeURIComponent(token), ...base64, ...urlSafe])
  ].filter(f => f.length >= 8)
}

/**
 * For a private key (PEM / OpenSSH text): each line of its body and the body joined, so a key that
 * leaked re-wrapped, in part, or with its BEGIN/END lines stripped is still found.
 */
function keyMaterial(text: string): string[] {
  if (!/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) return []
  const body = text
    .replace(/\\n/g, '\n')
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('-----') && !/^[A-Za-z-]+: /.test(l))
  // The first line of an OpenSSH key is the same format header for every key of its type: not secret.
  const unique = body.filter((l, i) => l.length >= 16 && !(i === 0 && l.startsWith('b3BlbnNzaC1rZXktdjE')))
  return [...unique, body.join('')]
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
  /** Lines in the files plus lines of captured logs. */
  lines: number
  fileLines: number
  logLines: number
  bytes: number
}

/** This worker's totals; the suite's totals are summed from the tally file by the global teardown. */
export const scanTally = { scans: 0, files: 0, fileLines: 0, logLines: 0, bytes: 0 }

function record(r: ScanResult): void {
  scanTally.scans++
  scanTally.files += r.files
  scanTally.fileLines += r.fileLines
  scanTally.logLines += r.logLines
  scanTally.bytes += r.bytes
  // Outside a vitest worker (the demo, the bench) there is no suite tally to add to.
  let file: string | undefined
  try {
    file = inject('secretScanTally')
  } catch {
    return
  }
  if (!file) return
  const { currentTestName, testPath } = expect.getState()
  appendFileSync(
    file,
    JSON.stringify({ test: currentTestName, file: testPath ? path.basename(testPath) : null, ...r }) + '\n'
  )
}

/**
 * Fails if any token, in any of its forms, appears in any file under the directories or in any of
 * the captured texts (logs). Returns how much it scanned, and adds it to the suite's tally.
 */
export function assertNoSecrets(
  tokens: string[],
  where: { dirs?: string[]; texts?: string[]; skip?: (file: string) => boolean }
): ScanResult {
  // Too short to be a real credential (or empty, which every text "contains"): nothing to look for.
  const forms = [...new Set(tokens.filter(t => t.length >= 8).flatMap(secretForms))]
  const r: ScanResult = { files: 0, lines: 0, fileLines: 0, logLines: 0, bytes: 0 }
  const seen = new Set<string>()
  for (const dir of where.dirs ?? []) {
    for (const file of filesUnder(dir)) {
      if (seen.has(file) || where.skip?.(file)) continue
      seen.add(file)
      const text = readFileSync(file).toString('latin1')
      r.files++
      r.bytes += text.length
      r.fileLines += text.split('\n').length
      for (const f of forms) if (text.includes(f)) throw new Error(`secret found in ${file}`)
    }
  }
  for (const raw of where.texts ?? []) {
    // `::add-mask::` is the runner command that hides a secret; the runner consumes it, never shows it.
    const text = raw
      .split('\n')
      .filter(l => !l.startsWith('::add-mask::'))
      .join('\n')
    r.bytes += text.length
    r.logLines += text.split('\n').length
    for (const f of forms) if (text.includes(f)) throw new Error('secret found in captured output')
  }
  r.lines = r.fileLines + r.logLines
  record(r)
  return r
}
