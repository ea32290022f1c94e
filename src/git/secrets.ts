import * as core from '@actions/core'

// Every credential the run knows about, so any text leaving the process can be scrubbed.
const secrets = new Set<string>()

/** Registers a secret with the runner's log masking and with our own scrubber. */
export function registerSecret(value: string): void {
  if (!value || secrets.has(value)) return
  secrets.add(value)
  core.setSecret(value)
}

/** The header value git sends for a token: GitHub takes x-access-token, other hosts their own user name. */
export function basicAuthHeader(token: string, username = 'x-access-token'): string {
  const encoded = Buffer.from(`${username}:${token}`, 'utf8').toString('base64')
  registerSecret(encoded)
  return `AUTHORIZATION: basic ${encoded}`
}

/**
 * Removes known secrets and any userinfo in URLs from text that may reach a log, an error
 * message or the report. git echoes URLs in errors; a URL with credentials must never survive.
 */
export function scrub(text: string): string {
  let out = text
  for (const s of secrets) out = out.split(s).join('***')
  return out.replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]+@/gi, '$1***@')
}

/** For tests: forget secrets between runs in one process. */
export function clearSecrets(): void {
  secrets.clear()
}
