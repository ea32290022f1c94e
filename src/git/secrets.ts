import * as core from '../runner.js'

// Every form of every credential the run knows about, so any text leaving the process can be scrubbed.
const forms = new Set<string>()
// Longest first, so a whole encoding is replaced before any fragment of it.
let ordered: string[] = []

/** Shorter fragments could match ordinary text by chance; no real credential is this short. */
const MIN_FORM = 8

/**
 * base64 of `text` as it reads inside any longer base64 text, whatever precedes it: for each of the
 * three byte alignments, the characters that depend on `text` alone (the partial groups at both ends
 * mix in neighbouring bytes and are left out).
 */
function base64Within(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8')
  return [0, 1, 2].map(pad => {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes]).toString('base64')
    const first = pad === 0 ? 0 : 4
    const last = Math.floor((pad + bytes.length) / 3) * 4
    return encoded.slice(first, last)
  })
}

/**
 * Every way git, curl or a log could spell a secret: as is, URL-encoded, and in base64 (standard and
 * URL-safe), alone, as the Basic credential `x-access-token:SECRET` or `:SECRET` after any user name,
 * and inside any longer base64 text at every alignment. Works for any token shape (ghp_, long ghs_
 * tokens with dots, glpat-, PEM lines).
 */
export function secretForms(secret: string): string[] {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
  const base64 = [b64(secret), b64(`:${secret}`), b64(`x-access-token:${secret}`), ...base64Within(secret)]
  const urlSafe = base64.map(s => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''))
  return [...new Set([secret, encodeURIComponent(secret), ...base64, ...urlSafe])].filter(
    f => f.length >= MIN_FORM
  )
}

/** Registers a secret, in all its forms, with the runner's log masking and with our own scrubber. */
export function registerSecret(value: string): void {
  if (!value || forms.has(value)) return
  for (const form of secretForms(value)) {
    if (forms.has(form)) continue
    forms.add(form)
    core.setSecret(form)
  }
  forms.add(value)
  ordered = [...forms].sort((a, b) => b.length - a.length)
}

/** The header value git sends for a token: GitHub takes x-access-token, other hosts their own user name. */
export function basicAuthHeader(token: string, username = 'x-access-token'): string {
  registerSecret(token)
  return `AUTHORIZATION: basic ${Buffer.from(`${username}:${token}`, 'utf8').toString('base64')}`
}

/**
 * Removes known secrets and any userinfo in URLs from text that may reach a log, an error
 * message or the report. git echoes URLs in errors; a URL with credentials must never survive.
 */
export function scrub(text: string): string {
  let out = text
  for (const s of ordered) if (out.includes(s)) out = out.split(s).join('***')
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@')
}

/** For tests: forget secrets between runs in one process. */
export function clearSecrets(): void {
  forms.clear()
  ordered = []
}
