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

/** Quotes a word for a POSIX shell only when it needs it; ref names may hold $ ; & ' and more. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9._/@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`
}

export const shortSha = (sha: string) => sha.slice(0, 7)

export function commit(remote: Remote, sha: string | null): string {
  if (!sha) return '—'
  return remote.webUrl ? `[${code(shortSha(sha))}](${remote.webUrl}/commit/${sha})` : code(shortSha(sha))
}
