import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { asciiOnly } from '../../scripts/ascii-only.js'

const NON_ASCII = /[^\x00-\x7f]/

let dir = ''
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** What a module exports, loaded from a file as Node loads the bundle. */
async function exportsOf(source: string, name: string): Promise<Record<string, unknown>> {
  const file = path.join(dir, `${name}.mjs`)
  writeFileSync(file, source)
  return { ...((await import(pathToFileURL(file).href)) as Record<string, unknown>) }
}

describe('ascii-only bundles', () => {
  it('escapes every character outside ASCII and leaves the program as it was', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rm-ascii-'))
    const source = [
      '// a comment → with an arrow',
      'const ünï = "✅ in sync"',
      "export const single = 'a … b'",
      'export const template = `${ünï} — ${1 + 1} 🔍`',
      'export const regex = [/é+/.test("ééé"), /[😀]/u.test("😀"), /^[^\\t\\n]+$/.test("x\u2028y"), "a\u2028b".includes("\u2028")]',
      'export const word = ünï',
      'export const spaced =\u00a0[1,\u00a02]',
      'export const lines = [1,\u20282]',
      'export const raw = String.raw`tagged ✖ \\n`',
      'export const cooked = `plain ✖ \\n`'
    ].join('\n')
    const { text, kept } = asciiOnly(source)
    // Only the tagged template keeps its character: its raw text is what the program reads.
    expect(kept).toBe(1)
    expect(text.replace(/String\.raw`tagged ✖ \\n`/, '')).not.toMatch(NON_ASCII)
    const before = await exportsOf(source, 'before')
    const after = await exportsOf(text, 'after')
    expect(after).toEqual(before)
    expect(after.template).toBe('✅ in sync — 2 🔍')
    expect(after.raw).toBe('tagged ✖ \\n')
    expect(after.regex).toEqual([true, true, true, true])
  })

  it('leaves an ASCII source untouched', () => {
    const source = 'export const a = "plain" // nothing to do\n'
    expect(asciiOnly(source)).toEqual({ text: source, kept: 0 })
  })

  it('the committed bundles are ASCII, so Node reads them as one-byte strings', () => {
    const dist = path.join(import.meta.dirname, '../../dist')
    const files = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter(f => f.endsWith('.js'))
    expect(files).toContain('index.js')
    for (const f of files) expect(NON_ASCII.test(readFileSync(path.join(dist, f), 'utf8')), f).toBe(false)
  })
})
