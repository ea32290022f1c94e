import type { SyncReport } from './schema.js'

type Remote = SyncReport['source']

/** Plain text in markdown: nothing in it may open a link, HTML, code or a table cell. */
export function text(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]<>|#~]/g, c => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
}

/** An inline code span that survives any backticks in the value. */
export function code(s: string): string {
  const runs = s.match(/`+/g) ?? []
  const fence = '`'.repeat(Math.max(0, ...runs.map(r => r.length)) + 1)
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${s.replace(/\r?\n/g, ' ')}${pad}${fence}`
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
