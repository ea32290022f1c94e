import type { SyncReport } from './schema.js'

type Remote = SyncReport['source']

// Whitespace other than the plain space, zero-width and direction marks: legal in ref names and
// server text, but they hide or reorder what a reader sees (a U+2028 looks like a line break).
const INVISIBLE =
  /[\u0085\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff]/g

/** Shows invisible and look-alike whitespace as `\u{2028}`, so every name reads as what it is. */
export function visible(s: string): string {
  return s.replace(INVISIBLE, c => `\\u{${c.codePointAt(0)!.toString(16)}}`)
}

// A zero-width space as an HTML entity, placed where it breaks an autolink or a mention but not
// the text a reader sees.
const BREAK = '&#8203;'

/**
 * Plain text in markdown: nothing in it may open a link, HTML, code or a table cell, and nothing in
 * it becomes a link or a notification: GitHub turns bare URLs, www. hosts, e-mail addresses and
 * @mentions in plain text into links and pings, and remote text (server messages, ref names) is the
 * attacker's.
 */
export function text(s: string): string {
  return visible(s)
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, c => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
    .replace(/([a-z][a-z0-9+.-]*):\/\//gi, `$1:/${BREAK}/`)
    .replace(/\bwww\./gi, `www${BREAK}.`)
    .replace(/@(?=[A-Za-z0-9])/g, `@${BREAK}`)
}

/** An inline code span that survives any backticks in the value. */
export function code(s: string): string {
  const v = visible(s)
  const runs = v.match(/`+/g) ?? []
  const fence = '`'.repeat(Math.max(0, ...runs.map(r => r.length)) + 1)
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${v.replace(/\r?\n/g, ' ')}${pad}${fence}`
}

/** A code span inside a table cell: GFM splits cells on | before it reads code spans. */
export const cellCode = (s: string) => code(s).replace(/\|/g, '\\|')

/** A fenced block whose fence is longer than any backtick run inside. */
export function fenced(lang: string, body: string[]): string[] {
  const longest = Math.max(0, ...(body.join('\n').match(/`+/g) ?? []).map(r => r.length))
  const fence = '`'.repeat(Math.max(3, longest + 1))
  return [`${fence}${lang}`, ...body, fence]
}

/**
 * Quotes a word for a POSIX shell only when it needs it; ref names may hold $ ; & ' and more. A
 * name with characters outside printable ASCII (git allows U+2028, NBSP…) is written with
 * dollar-single-quotes and \\xHH UTF-8 bytes, so the command is exact and nothing invisible is shown.
 */
export function shellWord(s: string): string {
  if (/^[A-Za-z0-9._/@%+=:,-]+$/.test(s)) return s
  if (/^[\x20-\x7e]*$/.test(s)) return `'${s.replace(/'/g, `'\\''`)}'`
  const body = [...Buffer.from(s, 'utf8')]
    .map(b =>
      b === 0x5c
        ? '\\\\'
        : b === 0x27
          ? "\\'"
          : b >= 0x20 && b <= 0x7e
            ? String.fromCharCode(b)
            : `\\x${b.toString(16).padStart(2, '0')}`
    )
    .join('')
  return `$'${body}'`
}

/**
 * A YAML value for a list of lines: a literal block when every line is printable ASCII, else one
 * double-quoted scalar with escapes, so a name with invisible characters stays exact and visible.
 */
export function yamlLines(key: string, lines: string[]): string[] {
  if (!lines.length) return [`${key}: ''`]
  if (lines.every(l => /^[\x20-\x7e]*$/.test(l))) return [`${key}: |`, ...lines.map(x => `  ${x}`)]
  const esc = (l: string) =>
    [...l]
      .map(c => {
        const cp = c.codePointAt(0)!
        if (c === '\\' || c === '"') return `\\${c}`
        if (cp >= 0x20 && cp <= 0x7e) return c
        return cp > 0xffff
          ? `\\U${cp.toString(16).padStart(8, '0')}`
          : `\\u${cp.toString(16).padStart(4, '0')}`
      })
      .join('')
  return [`${key}: "${lines.map(esc).join('\\n')}"`]
}

export const shortSha = (sha: string) => sha.slice(0, 7)

export function commit(remote: Remote, sha: string | null): string {
  if (!sha) return '—'
  return remote.webUrl ? `[${code(shortSha(sha))}](${remote.webUrl}/commit/${sha})` : code(shortSha(sha))
}
