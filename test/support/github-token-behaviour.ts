import { randomBytes } from 'node:crypto'

/**
 * How installation tokens minted by the API double behave, as GitHub's do beyond the happy path:
 * refused for a moment after minting (not replicated yet), dead after their lifetime, and in
 * GitHub's newer, longer format.
 */
export interface TokenBehaviour {
  /** Requests (API or git, counted together) refused right after minting, as GitHub does until a new token is replicated. */
  refusedFirst?: number
  /** 401: the token is not known yet; 403: its permissions are not replicated yet. Default 401. */
  refusedStatus?: 401 | 403
  /** How long a token works, in ms (GitHub: one hour). */
  lifetimeMs?: number
  /** What `expires_at` says, when it differs from lifetimeMs: GitHub's clock ahead of the runner's. */
  reportedLifetimeMs?: number
  /** GitHub's newer, longer installation tokens: `ghs_` with dot-separated parts. */
  longFormat?: boolean
}

/** A token's life in the double: when it dies and how many refusals it still has to give. */
export interface TokenLife {
  diesAt: number
  refusalsLeft: number
}

const part = (bytes: number) => randomBytes(bytes).toString('base64url').replace(/[-_]/g, 'x')

export function newInstallationToken(b: TokenBehaviour = {}): string {
  return b.longFormat ? `ghs_${part(30)}.${part(60)}.${part(24)}` : `ghs_${part(27)}`
}

/** expires_at as GitHub writes it (whole seconds, UTC), and the moment the token really dies. */
export function tokenTimes(b: TokenBehaviour = {}, now = Date.now()): { expiresAt: string; life: TokenLife } {
  const lifetime = b.lifetimeMs ?? 3600_000
  const reported = b.reportedLifetimeMs ?? lifetime
  const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
  return {
    expiresAt: iso(now + reported),
    life: {
      diesAt: b.reportedLifetimeMs === undefined ? Date.parse(iso(now + lifetime)) : now + lifetime,
      refusalsLeft: b.refusedFirst ?? 0
    }
  }
}

/**
 * Whether GitHub would refuse this use of the token: dead (401), or still within its first
 * refused requests (the refusal is used up). `where` picks the wording of the API or of git.
 */
export function tokenRefusal(
  life: TokenLife,
  b: TokenBehaviour = {},
  where: 'api' | 'git',
  now = Date.now()
): { status: number; message: string } | undefined {
  if (now >= life.diesAt)
    return { status: 401, message: where === 'api' ? 'Bad credentials' : 'Invalid username or token.' }
  if (life.refusalsLeft <= 0) return undefined
  life.refusalsLeft--
  const status = b.refusedStatus ?? 401
  if (status === 401)
    return { status, message: where === 'api' ? 'Bad credentials' : 'Invalid username or token.' }
  return {
    status,
    message:
      where === 'api' ? 'Resource not accessible by integration' : 'Write access to repository not granted.'
  }
}
