// Rewrites bundled JavaScript so that every character outside ASCII is written as a \u escape.
// V8 holds a source file with even one such character as a two-byte string: the action's bundle
// would be decoded, scanned and compiled at twice the width at the start of every run.
// In strings, regular expressions, untagged templates, identifiers and comments an escape is the
// same program; only a tagged template can tell (its raw text), so those are left as they are.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { parse, tokenizer, type Node, type Options } from 'acorn'

const OPTIONS: Options = { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true }

const hex = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`

/** The [start, end) spans of tagged templates, whose raw text the program may read. */
function taggedSpans(source: string): [number, number][] {
  const spans: [number, number][] = []
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit)
    if (!node || typeof node !== 'object') return
    const n = node as Node & Record<string, unknown>
    if (n.type === 'TaggedTemplateExpression') {
      const quasi = n.quasi as Node
      spans.push([quasi.start, quasi.end])
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'loc' && typeof v === 'object') visit(v)
  }
  visit(parse(source, OPTIONS))
  return spans.sort((a, b) => a[0] - b[0])
}

/**
 * The source with every non-ASCII character escaped, outside tagged templates, and how many were
 * kept there. Between tokens such a character can only be whitespace or part of a comment, where a
 * space (or a newline, for U+2028 and U+2029) means the same.
 */
export function asciiOnly(source: string): { text: string; kept: number } {
  if (!/[^\x00-\x7f]/.test(source)) return { text: source, kept: 0 }
  const spans = taggedSpans(source)
  // An astral character is two UTF-16 units, each escaped.
  const escape = (text: string) => text.replace(/[^\x00-\x7f]/g, c => hex(c.charCodeAt(0)))
  const blank = (text: string) => text.replace(/[^\x00-\x7f]/g, c => (/[\u2028\u2029]/.test(c) ? '\n' : ' '))
  let out = ''
  let kept = 0
  let at = 0
  let span = 0
  for (const token of tokenizer(source, OPTIONS)) {
    out += blank(source.slice(at, token.start))
    const text = source.slice(token.start, token.end)
    while (span < spans.length && spans[span]![1] <= token.start) span++
    if (span < spans.length && spans[span]![0] <= token.start) {
      out += text
      kept += text.replace(/[\x00-\x7f]/g, '').length
    } else out += escape(text)
    at = token.end
  }
  out += blank(source.slice(at))
  // The rewritten file must still be JavaScript.
  parse(out, OPTIONS)
  return { text: out, kept }
}

function* jsFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name)
    if (statSync(file).isDirectory()) yield* jsFiles(file)
    else if (name.endsWith('.js')) yield file
  }
}

for (const dir of process.argv.slice(2))
  for (const file of jsFiles(dir)) {
    const { text, kept } = asciiOnly(readFileSync(file, 'utf8'))
    writeFileSync(file, text)
    if (kept) console.log(`${file}: ${kept} character(s) in tagged templates left as they are`)
  }
