import { nodeCrypto } from './crypto.js'
import path from 'node:path'
import * as z from 'zod/mini'
import { refNameProblem } from './refs/refname.js'

/** An SSH address: git connects as `user` to `host` (port 22 unless given). */
export interface SshAddress {
  user: string
  host: string
  port?: number
  /** The repository's path on the host, as git sends it (`owner/name.git`, `/srv/x.git`). */
  path: string
}

/** Where a repository lives, as the user named it. `ssh` is set when git reaches it over SSH. */
export type RepoSpec =
  | { kind: 'github'; owner: string; name: string; url: string; serverUrl: string; ssh?: SshAddress }
  | { kind: 'url'; url: string }
  | { kind: 'ssh'; url: string; ssh: SshAddress }
  | { kind: 'path'; path: string }

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const NAME = /^[A-Za-z0-9._-]{1,100}$/
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

/**
 * Whether a value given in a non-secret input could still be a secret pasted into the wrong field:
 * a known token shape, a key, or a long run of random-looking characters. The runner masks only exact
 * secret values, so such a value must not be echoed, not even a fragment of it.
 */
export function mayBeSecret(value: string): boolean {
  if (/gh[opsur]_|github_pat_|glpat-|xox[abpors]-|AKIA|eyJ|PRIVATE KEY/.test(value)) return true
  return [...value.matchAll(/[A-Za-z0-9+=_]{20,}/g)].some(([run]) => /[A-Za-z]/.test(run) && /\d/.test(run))
}

/** A value quoted for an error message, or a note in its place when it could be a secret. */
export function shown(value: string): string {
  return mayBeSecret(value)
    ? '(value not shown: it looks like a secret)'
    : `'${value.replace(/[^\x20-\x7e]/g, '?')}'`
}

/** Said instead of the value for inputs whose valid values are few and known (booleans, numbers, ids). */
const NOT_SHOWN = '(the value given is not shown, in case it is a secret in the wrong field)'

const SSH_USER = /^[A-Za-z0-9._-]{1,64}$/
const SSH_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]+\])$/
const SSH_PATH = /^[A-Za-z0-9._~/-]{1,400}$/

/** `git@host:owner/name.git` or `ssh://user@host:port/path` (the user is required: no credentials in it). */
function parseSsh(value: string, serverUrl: string): RepoSpec | string | undefined {
  let user: string, host: string, port: number | undefined, repoPath: string
  const scp = /^([^@/:]+)@([^/:[\]]+|\[[^\]]+\]):(?!\/\/)(.+)$/.exec(value)
  if (/^ssh:\/\//i.test(value)) {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return 'is not a valid ssh:// URL'
    }
    if (url.password)
      return 'must not contain a password: SSH authenticates with the key in the ssh-key input'
    if (!url.username)
      return "names no user: write it as ssh://git@host/path (the host's SSH user, usually 'git')"
    if (url.search || url.hash) return 'must not contain a query or fragment'
    user = decodeURIComponent(url.username)
    host = url.hostname
    port = url.port ? Number(url.port) : undefined
    repoPath = decodeURIComponent(url.pathname)
  } else if (scp) {
    ;[, user, host, repoPath] = scp as unknown as [string, string, string, string]
  } else return undefined
  if (!SSH_USER.test(user)) return "has an SSH user that is not a plain name (e.g. 'git')"
  if (!SSH_HOST.test(host)) return 'has a host name that is not valid'
  if (!SSH_PATH.test(repoPath) || repoPath.split('/').some(p => p === '..') || repoPath.startsWith('-'))
    return "has a repository path with characters other than letters, digits and '._~/-'"
  const ssh: SshAddress =
    port && port !== 22 ? { user, host, port, path: repoPath } : { user, host, path: repoPath }
  const url = ssh.port
    ? `ssh://${user}@${host}:${ssh.port}/${repoPath.replace(/^\//, '')}`
    : `${user}@${host}:${repoPath}`
  // An SSH address on the GitHub server is still that GitHub repository: the API and links apply.
  const gh = /^\/?([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100}?)(?:\.git)?$/.exec(repoPath)
  const server = serverUrl.replace(/\/+$/, '')
  let serverHost = ''
  try {
    serverHost = new URL(server).hostname.toLowerCase()
  } catch {
    // Reported as a bad github-server-url elsewhere.
  }
  if (gh && host.toLowerCase() === serverHost && !ssh.port)
    return { kind: 'github', owner: gh[1]!, name: gh[2]!, serverUrl: server, url, ssh }
  return { kind: 'ssh', url, ssh }
}

function parseRepo(input: string, serverUrl: string, field: string, sshKey: boolean, ctx: Ctx): RepoSpec {
  const value = input.trim()
  const keyField = field.replace('repo', 'ssh-key')
  const fail = (why: string): RepoSpec => {
    addIssue(ctx, `${field} ${why}`)
    return { kind: 'path', path: '' }
  }
  if (value === '') return fail("is empty: give 'owner/name', an https URL, or a local path")
  if (value.startsWith('-')) return fail("starts with '-': give 'owner/name', an https URL, or a local path")

  if (/[\u0000-\u001f\u007f\s]/.test(value)) return fail('contains whitespace or control characters')
  const ssh = parseSsh(value, serverUrl)
  if (typeof ssh === 'string') return fail(ssh)
  if (ssh) {
    if (!sshKey)
      return fail(
        `is an SSH address: give ${keyField} (the private key of a deploy key), or use an https URL with ${field.replace('repo', 'token')}`
      )
    return ssh
  }
  if (sshKey && /^[a-z][a-z0-9+.-]*:\/\/|^\.{0,2}\//i.test(value))
    return fail(
      `is not an SSH address, but ${keyField} is set: use git@host:owner/name.git or ssh://git@host/path, or remove ${keyField}`
    )
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    let url: URL
    try {
      url = new URL(value)
    } catch {
      return fail('is not a valid URL')
    }
    // Never echo the URL back here: it may carry a password.
    if (url.username || url.password)
      return fail(
        `must not contain credentials in the URL: remove them and pass a token in ${field.replace('repo', 'token')}`
      )
    if (url.search || url.hash) return fail('must not contain a query or fragment')
    const plainLoopback = url.protocol === 'http:' && LOOPBACK.has(url.hostname)
    if (url.protocol !== 'https:' && !plainLoopback)
      return fail(`must use https:// (plain http is allowed only for localhost), got ${url.protocol}//`)
    return { kind: 'url', url: url.toString().replace(/\/+$/, '') }
  }
  if (value.startsWith('/') || value.startsWith('./') || value.startsWith('../'))
    return { kind: 'path', path: value }
  // 'user:token@host/o/r' (no scheme) or scp-style 'git@host:o/r': may hold a credential, so it is
  // refused without being echoed.
  if (/[@:]/.test(value))
    return fail(
      `looks like it holds credentials or an scp-style address (user@host:path): give 'owner/name' or an https URL, and the token in ${field.replace('repo', 'token')}`
    )
  const parts = value.replace(/\.git$/, '').split('/')
  const [owner, name] = parts
  if (
    parts.length !== 2 ||
    !owner ||
    !name ||
    !OWNER.test(owner) ||
    !NAME.test(name) ||
    name === '.' ||
    name === '..'
  )
    return fail(`${shown(value)} is not 'owner/name', an https URL, or a local path (start it with / or ./)`)
  const server = serverUrl.replace(/\/+$/, '')
  if (sshKey) {
    // owner/name with a key: the same repository over SSH on the server's host, as GitHub shows it.
    let host: string
    try {
      host = new URL(server).hostname
    } catch {
      return fail('cannot be reached over SSH: github-server-url is not a valid URL')
    }
    const ssh: SshAddress = { user: 'git', host, path: `${owner}/${name}.git` }
    return { kind: 'github', owner, name, serverUrl: server, url: `git@${host}:${owner}/${name}.git`, ssh }
  }
  return { kind: 'github', owner, name, serverUrl: server, url: `${server}/${owner}/${name}.git` }
}

/** Where a transform records what is wrong with its input. */
type Ctx = z.core.ParsePayload

/** Records a problem with an input: its message is all the run shows of it. */
function addIssue(ctx: Ctx, message: string): void {
  ctx.issues.push({ code: 'custom', message, input: ctx.value })
}

/** An input as the runner passes it (a string, or absent), read by `read`: its problems go in ctx. */
function input<T>(read: (value: string | undefined, ctx: Ctx) => T) {
  return z.pipe(z.optional(z.string()), z.transform(read))
}

const BOOL_TRUE = ['true', 'True', 'TRUE']
const BOOL_FALSE = ['false', 'False', 'FALSE']

/** A single-value input: blank takes the fallback, anything else is parsed or named as wrong. */
function scalar<T>(field: string, fallback: T, parse: (s: string) => T | undefined, expected: string) {
  return input((v, ctx) => {
    const s = (v ?? '').trim()
    if (s === '') return fallback
    const value = parse(s)
    if (value !== undefined) return value
    addIssue(ctx, `${field} must be ${expected} ${NOT_SHOWN}`)
    return z.NEVER
  })
}

const bool = (field: string, fallback: boolean) =>
  scalar(
    field,
    fallback,
    s => (BOOL_TRUE.includes(s) ? true : BOOL_FALSE.includes(s) ? false : undefined),
    'true or false'
  )

const int = <F extends number | undefined>(field: string, min: number, max: number, fallback: F) =>
  scalar<number | F>(
    field,
    fallback,
    s => (/^-?\d+$/.test(s) && Number(s) >= min && Number(s) <= max ? Number(s) : undefined),
    `a whole number from ${min} to ${max}`
  )

/**
 * Splits a newline/comma list of glob patterns over short ref names and validates each one.
 * `unset` applies when the input is absent, `empty` when it is blank: the runner passes '' for an
 * input without a default in action.yml, so for branches blank must mean "the default branch".
 */
function patterns<T extends string[] | 'default-branch'>(field: string, unset: T, empty: T) {
  return input((v, ctx): string[] | T => {
    if (v === undefined) return unset
    if (v.trim() === '') return empty
    const given = v
      .split(/[\n,]/)
      .map(p => p.trim())
      .filter(p => p !== '')
    const list = given.map(p => p.replace(/^(!?)refs\/(heads|tags)\//, '$1'))
    if (list.length === 0)
      addIssue(
        ctx,
        `${field} lists no pattern, only separators: give patterns such as 'main' or 'release/**'`
      )
    list.forEach((p, i) => {
      const problem = refNameProblem(p.replace(/^!/, ''), { glob: true })
      // Quoted as given (control characters shown as '?'), so the user finds it in the workflow.
      if (problem) addIssue(ctx, `${field} pattern ${shown(given[i]!)} ${problem}`)
    })
    if (list.length > 0 && list.every(p => p.startsWith('!')))
      addIssue(ctx, `${field} has only exclusions ('!…'): add a pattern to include, e.g. '**'`)
    return list
  })
}

/** A token input: trimmed; never echoed in a message, even a fragment of it. */
function token(field: string) {
  return input((v, ctx) => {
    const s = (v ?? '').trim()

    if (/[\s\u0000-\u001f\u007f]/.test(s))
      addIssue(
        ctx,
        `${field} contains whitespace or control characters: paste the token alone (its value is not shown)`
      )
    return s
  })
}

/**
 * What the run does: mirror the source (default), put refs back from their backups, or one end of
 * a fleet on the Actions matrix (plan the legs, collect their reports; src/fleet/).
 */
export const MODES = ['mirror', 'restore', 'plan', 'collect'] as const
export type Mode = (typeof MODES)[number]

/** What happens to a branch or tag the source would overwrite (diverged, target ahead, moved tag). */
export const DIRECTIONS = ['source-to-target', 'both'] as const
export type Direction = (typeof DIRECTIONS)[number]

export const ON_CONFLICT = ['fail', 'pull-request', 'force'] as const
export type OnConflict = (typeof ON_CONFLICT)[number]

const RESTORE_FROM_HINT =
  "'latest' or a UTC time as in backup ref names (20261125T031700Z) or ISO 8601 (2026-11-25T03:17:00Z)"

/** 'latest', or a UTC time normalised to the backup stamp form yyyymmddThhmmssZ. */
function restoreFrom(s: string): string | undefined {
  if (s === 'latest') return s
  const stamp = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s)
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z$/.exec(s)
  const m = stamp ?? iso
  if (!m) return undefined
  const [y, mo, d, h, mi, se] = m.slice(1).map(Number) as [number, number, number, number, number, number]
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, se))
  // Refuses 20261399T…: a date that does not exist is a typo, not a time.
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d || h > 23 || mi > 59 || se > 59) return undefined
  return (
    m
      .slice(1)
      .join('')
      .replace(/^(\d{8})/, '$1T') + 'Z'
  )
}

/** An HTTPS user name to send with a token; not secret, but never echoed (a token may be pasted here). */
function username(field: string) {
  return input((v, ctx) => {
    const s = (v ?? '').trim() || 'x-access-token'
    if (!/^[A-Za-z0-9._@+-]{1,100}$/.test(s))
      addIssue(
        ctx,
        `${field} may use letters, digits and '._@+-' (max 100; its value is not shown): e.g. oauth2 for GitLab, x-token-auth for Bitbucket`
      )
    return s
  })
}

/** A private SSH key: PEM-like text with real newlines or literal `\n` escapes; never echoed. */
function sshKey(field: string) {
  return input((v, ctx) => {
    const s = normalisePem(v ?? '')
    if (s === '') return ''
    if (!/^-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----\n[\s\S]+\n-----END \1PRIVATE KEY-----$/.test(s))
      addIssue(
        ctx,
        /^ssh-|^ecdsa-|^sk-/.test(s)
          ? `${field} looks like a public key: give the private key (the file without .pub), and add the public one as a deploy key`
          : `${field} is not a private key: paste the whole key file, from its -----BEGIN … PRIVATE KEY----- line to the END line (its value is not shown)`
      )
    return s
  })
}

/** known_hosts lines: `host[,host…] keytype base64key`, optionally after a @cert-authority marker. */
const knownHosts = input((v, ctx) => {
  const lines = (v ?? '')
    .replace(/\r\n/g, '\n')
    .split('\n')
    .map(l => l.trim())
    .filter(l => l !== '' && !l.startsWith('#'))
  lines.forEach((line, i) => {
    const fields = line.replace(/^@(cert-authority|revoked)\s+/, '').split(/\s+/)
    if (fields.length < 3 || !/^[a-z0-9@.-]+$/.test(fields[1]!) || !/^[A-Za-z0-9+/]+={0,2}$/.test(fields[2]!))
      addIssue(
        ctx,
        `ssh-known-hosts line ${i + 1} is not in known_hosts format ('host keytype key', as 'ssh-keyscan host' prints it)`
      )
  })
  return lines.join('\n')
})

/** The action's inputs exactly as the runner passes them (INPUT_* variables), all strings. */
export const InputsSchema = z.strictObject({
  'source-repo': z.optional(z.string()),
  'target-repo': z.optional(z.string()),
  'github-token': token('github-token'),
  'source-token': token('source-token'),
  'target-token': token('target-token'),
  branches: patterns('branches', 'default-branch', 'default-branch'),
  tags: patterns('tags', ['**'], []),
  force: bool('force', false),
  'dry-run': bool('dry-run', false),
  prune: bool('prune', false),
  'backup-ref-prefix': input((v, ctx) => {
    const s = (v ?? '').trim() || 'refs/mirror-backup/'
    const prefix = s.endsWith('/') ? s : `${s}/`
    const problem = refNameProblem(prefix.slice(0, -1))
    if (problem) addIssue(ctx, `backup-ref-prefix ${shown(prefix)} ${problem}`)
    else if (!prefix.startsWith('refs/') || /^refs\/(heads|tags)\//.test(prefix) || prefix === 'refs/')
      addIssue(
        ctx,
        `backup-ref-prefix must be under refs/ but outside refs/heads/ and refs/tags/ (got ${shown(prefix)})`
      )
    return prefix
  }),
  'report-name': input((v, ctx) => {
    const s = (v ?? '').trim() || 'sync-report'
    if (!/^[A-Za-z0-9._ -]{1,100}$/.test(s) || s.startsWith('.'))
      addIssue(
        ctx,
        `report-name may use letters, digits, '.', '_', '-' and spaces (max 100), got ${shown(s)}`
      )
    return s
  }),
  'retention-days': int('retention-days', 1, 400, undefined),
  retries: int('retries', 0, 10, 3),
  'max-refs-per-push': int('max-refs-per-push', 0, 1000000, 0),
  'allow-mass-prune': bool('allow-mass-prune', false),
  'github-server-url': z.optional(z.string()),
  'github-api-url': z.optional(z.string()),
  'app-id': input((v, ctx) => {
    const s = (v ?? '').trim()
    // An App is identified by its numeric id or its client id (Iv1./Iv23. prefix); both sign JWTs.
    if (s !== '' && !/^(\d{1,12}|Iv[0-9A-Za-z.]{4,40})$/.test(s))
      addIssue(ctx, `app-id must be the App's numeric id (or its client id) ${NOT_SHOWN}`)
    return s
  }),
  'app-private-key': z.optional(z.string()),
  'app-installation-id': int('app-installation-id', 1, Number.MAX_SAFE_INTEGER, undefined),
  'sync-workflows': bool('sync-workflows', true),
  mode: scalar<Mode>('mode', 'mirror', s => MODES.find(m => m === s), MODES.join(', ')),
  direction: scalar<Direction>(
    'direction',
    'source-to-target',
    s => DIRECTIONS.find(m => m === s),
    DIRECTIONS.join(' or ')
  ),
  'on-conflict': scalar(
    'on-conflict',
    undefined as OnConflict | undefined,
    s => ON_CONFLICT.find(m => m === s),
    ON_CONFLICT.join(', ')
  ),
  'pull-request-prefix': input((v, ctx) => {
    const s = (v ?? '').trim() || 'mirror/'
    const problem = refNameProblem(`${s}main`) ?? (s.startsWith('refs/') ? "starts with 'refs/'" : undefined)
    if (problem)
      addIssue(
        ctx,
        `pull-request-prefix '${s.slice(0, 40).replace(/[^\x20-\x7e]/g, '?')}' ${problem}: give a branch name prefix such as 'mirror/'`
      )
    return s
  }),
  'restore-from': scalar('restore-from', undefined as string | undefined, restoreFrom, RESTORE_FROM_HINT),
  'backup-retention-days': int('backup-retention-days', 1, 36500, undefined),
  'source-username': username('source-username'),
  'target-username': username('target-username'),
  'source-ssh-key': sshKey('source-ssh-key'),
  'target-ssh-key': sshKey('target-ssh-key'),
  'ssh-known-hosts': knownHosts,
  lfs: scalar<'auto' | 'true' | 'false'>(
    'lfs',
    'auto',
    s => {
      const v = s.toLowerCase()
      return v === 'auto' || v === 'true' || v === 'false' ? v : undefined
    },
    'auto, true or false'
  ),
  /** Fleet inputs (src/fleet/): read by the plan and collect modes and by a matrix leg. */
  config: z.optional(z.string()),
  leg: z.optional(z.string()),
  legs: int('legs', 0, 1_000_000, undefined)
})

export type RawInputs = z.input<typeof InputsSchema>

export interface Options {
  source: RepoSpec
  target: RepoSpec
  sourceToken: string
  targetToken: string
  /** The workflow's own token (github-token): only ever sent to the runner's GitHub server. */
  workflowToken: string
  /** The runner's own GitHub server (GITHUB_SERVER_URL), the one place the workflow's token may go. */
  runnerServerUrl: string
  branches: string[] | 'default-branch'
  tags: string[]
  force: boolean
  dryRun: boolean
  prune: boolean
  backupRefPrefix: string
  reportName: string
  retentionDays?: number
  retries: number
  /** At most this many refs per push; 0: no limit (a limit the target states is still learned). */
  maxRefsPerPush: number
  /** Let prune delete most of the target's selected refs (the mass-deletion guard is off). */
  allowMassPrune: boolean
  serverUrl: string
  /** REST API base URL of the same server (api.github.com, or <server>/api/v3 on GHES). */
  apiUrl: string
  /** Present when a GitHub App is configured: it then takes precedence over the tokens. */
  app?: AppOptions
  /** Whether changes under .github/workflows/ are mirrored (needs the workflows permission). */
  syncWorkflows: boolean
  mode: Mode
  /** source-to-target (one-way mirror) or both (two-way sync: either side's changes reach the other). */
  direction: Direction
  /** fail (skip and fail the step), pull-request (propose through a PR), force (= `force`). */
  onConflict: OnConflict
  /** Branch name prefix of the branches pull requests are opened from, e.g. 'mirror/'. */
  pullRequestPrefix: string
  /** restore mode: 'latest' or a backup stamp (yyyymmddThhmmssZ). */
  restoreFrom?: string
  /** Backups older than this many days are deleted at the end of a run (the newest of each ref stays). */
  backupRetentionDays?: number
  /** HTTPS user names sent with each side's token (GitHub ignores it; other hosts need their own). */
  sourceUsername: string
  targetUsername: string
  /** Private SSH keys per side ('' when that side does not use SSH). */
  sourceSshKey: string
  targetSshKey: string
  /** Pinned host keys (known_hosts lines) besides the built-in ones of github.com. */
  sshKnownHosts: string
  /** Git LFS objects of pushed commits: copied when .gitattributes uses LFS (auto), always looked for (true), never copied (false). */
  lfs: 'auto' | 'true' | 'false'
}

export interface AppOptions {
  appId: string
  /** PEM text with real newlines (literal `\n` escapes are turned into newlines). */
  privateKey: string
  installationId?: number
}

/** Accepts a PEM pasted with real newlines or with literal `\n` escapes (a one-line secret). */
export function normalisePem(value: string): string {
  return value
    .replace(/\\r\\n|\\n/g, '\n')
    .replace(/\r\n/g, '\n')
    .trim()
}

/**
 * The REST API of github-server-url. An explicit github-api-url wins, unless it is just the runner's
 * own API while github-server-url names another server: then the API is derived from that server
 * (api.github.com for github.com, <server>/api/v3 for GHES) rather than asked of the wrong one.
 */
function apiUrlFor(serverUrl: string, input: string | undefined, env: NodeJS.ProcessEnv): string {
  const norm = (u: string) => u.trim().replace(/\/+$/, '')
  const runnerServer = norm(env.GITHUB_SERVER_URL || 'https://github.com')
  const runnerApi = norm(env.GITHUB_API_URL || 'https://api.github.com')
  const given = norm(input ?? '') || runnerApi
  if (given !== runnerApi || serverUrl.toLowerCase() === runnerServer.toLowerCase()) return given
  return /^https:\/\/github\.com$/i.test(serverUrl) ? 'https://api.github.com' : `${serverUrl}/api/v3`
}

/** Reads the key once here, so a bad paste fails as one clear input error, not deep inside signing. */
function privateKeyProblem(pem: string): string | undefined {
  const fix =
    "paste the whole .pem file from the App's settings page, '-----BEGIN RSA PRIVATE KEY-----' to the END line"
  if (!/^-----BEGIN [A-Z ]*PRIVATE KEY-----\n[\s\S]+\n-----END [A-Z ]*PRIVATE KEY-----$/.test(pem))
    return `app-private-key is not a PEM private key: ${fix}`
  try {
    const key = nodeCrypto().createPrivateKey(pem)
    if (key.asymmetricKeyType !== 'rsa')
      return `app-private-key is a ${key.asymmetricKeyType} key, but GitHub App keys are RSA: ${fix}`
  } catch {
    return `app-private-key could not be read (damaged or truncated PEM): ${fix}`
  }
  return undefined
}

/** http(s) URL check for server/API URLs: plain http only for loopback, as for repositories. */
function urlProblem(field: string, value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return `${field} is not a valid URL: give the server's address, e.g. https://github.com`
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return `${field} must be an http(s) URL, e.g. https://github.com`
  if (url.username || url.password)
    return `${field} must not contain credentials: pass tokens in source-token and target-token`
  if (url.search || url.hash) return `${field} must not contain a query or fragment`
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname))
    return `${field} must use https:// (plain http is allowed only for localhost)`
  return undefined
}

/** What could still be read from inputs that failed, so even that run reports where and how. */
export type KnownInputs = Pick<Options, 'reportName' | 'dryRun' | 'force' | 'prune' | 'retentionDays'> & {
  source?: RepoSpec
  target?: RepoSpec
}

export class InputError extends Error {
  override name = 'InputError'
  constructor(
    message: string,
    readonly known: KnownInputs
  ) {
    super(message)
  }
}

/** Each input that parses on its own; the defaults for the rest. */
function knownInputs(
  raw: Record<string, string | undefined>,
  repos: Partial<Record<'source' | 'target', RepoSpec>>
): KnownInputs {
  const shape = InputsSchema.shape
  const one = <T>(schema: z.ZodMiniType<T>, value: string | undefined, fallback: T): T => {
    const r = schema.safeParse(value)
    return r.success ? r.data : fallback
  }
  return {
    reportName: one(shape['report-name'], raw['report-name'], 'sync-report'),
    retentionDays: one(shape['retention-days'], raw['retention-days'], undefined),
    dryRun: one(shape['dry-run'], raw['dry-run'], false),
    force: one(shape.force, raw.force, false),
    prune: one(shape.prune, raw.prune, false),
    ...repos
  }
}

function sameRepo(a: RepoSpec, b: RepoSpec): boolean {
  const key = (r: RepoSpec) =>
    r.kind === 'path'
      ? `path:${path.resolve(r.path)}`
      : r.kind === 'github'
        ? `${r.serverUrl}/${r.owner}/${r.name}`.toLowerCase()
        : r.url.toLowerCase().replace(/\.git$/, '')
  return key(a) === key(b)
}

/** Validates raw inputs into Options; every problem is reported, one per line. */
export function parseInputs(
  raw: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv = process.env
): Options {
  // Parsed once per run: zod's compiled fast path would cost more to generate than it saves.
  const parsed = InputsSchema.safeParse(raw, { jitless: true })
  const serverUrl = (
    raw['github-server-url']?.trim() ||
    env.GITHUB_SERVER_URL ||
    'https://github.com'
  ).replace(/\/+$/, '')
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map(i => i.message)
  const hasKey = (name: string) => normalisePem(raw[name] ?? '') !== ''
  const repo = (field: 'source-repo' | 'target-repo', value: string) => {
    const r = z
      .pipe(
        z.string(),
        z.transform((v: string, ctx) =>
          parseRepo(
            v,
            serverUrl,
            field,
            hasKey(field === 'source-repo' ? 'source-ssh-key' : 'target-ssh-key'),
            ctx
          )
        )
      )
      .safeParse(value)
    if (!r.success) problems.push(...r.error.issues.map(i => i.message))
    return r.success ? r.data : undefined
  }
  const source = repo('source-repo', raw['source-repo']?.trim() || env.GITHUB_REPOSITORY || '')
  const target = repo('target-repo', raw['target-repo'] ?? '')
  const apiUrl = apiUrlFor(serverUrl, raw['github-api-url'], env)
  const serverProblem = urlProblem('github-server-url', serverUrl)
  if (serverProblem) problems.push(serverProblem)
  // An API URL derived from a bad server URL is the same mistake: report it once.
  const apiProblem =
    serverProblem && !raw['github-api-url']?.trim() ? undefined : urlProblem('github-api-url', apiUrl)
  if (apiProblem) problems.push(apiProblem)
  const appId = parsed.success ? parsed.data['app-id'] : (raw['app-id'] ?? '').trim()
  const privateKey = normalisePem(raw['app-private-key'] ?? '')
  if (appId && !privateKey)
    problems.push(
      "app-id is set but app-private-key is empty: give the App's private key (PEM), or remove app-id to use tokens"
    )
  if (!appId && privateKey)
    problems.push("app-private-key is set but app-id is empty: give the App's id as well")
  if (appId && privateKey) {
    const problem = privateKeyProblem(privateKey)
    if (problem) problems.push(problem)
  }
  if (source && target && sameRepo(source, target))
    problems.push('source-repo and target-repo are the same repository: nothing to mirror')
  if (parsed.success) problems.push(...modeProblems(parsed.data, target))
  if (problems.length > 0 || !parsed.success || !source || !target)
    throw new InputError(problems.join('\n'), knownInputs(raw, { source, target }))
  const i = parsed.data
  const onConflict = i['on-conflict'] ?? (i.force ? 'force' : 'fail')
  return {
    source,
    target,
    sourceToken: i['source-token'],
    targetToken: i['target-token'],
    workflowToken: i['github-token'],
    runnerServerUrl: (env.GITHUB_SERVER_URL || 'https://github.com').trim().replace(/\/+$/, ''),
    branches: i.branches,
    tags: i.tags,
    force: onConflict === 'force',
    dryRun: i['dry-run'],
    prune: i.prune,
    backupRefPrefix: i['backup-ref-prefix'],
    reportName: i['report-name'],
    retentionDays: i['retention-days'],
    retries: i.retries,
    maxRefsPerPush: i['max-refs-per-push'],
    allowMassPrune: i['allow-mass-prune'],
    serverUrl,
    apiUrl,
    app: appId ? { appId, privateKey, installationId: i['app-installation-id'] } : undefined,
    syncWorkflows: i['sync-workflows'],
    mode: i.mode,
    direction: i.direction,
    onConflict,
    pullRequestPrefix: i['pull-request-prefix'],
    restoreFrom: i['restore-from'],
    backupRetentionDays: i['backup-retention-days'],
    sourceUsername: i['source-username'],
    targetUsername: i['target-username'],
    sourceSshKey: i['source-ssh-key'],
    targetSshKey: i['target-ssh-key'],
    sshKnownHosts: i['ssh-known-hosts'],
    lfs: i.lfs
  }
}

/**
 * The inputs every mode shares (tokens, server, report name, retries), validated as for a mirror.
 * plan and collect have no single pair, so the pair is a placeholder nothing reads.
 */
export function parseSharedInputs(raw: Record<string, string | undefined>, env: NodeJS.ProcessEnv): Options {
  return parseInputs({ ...raw, 'source-repo': 'fleet/source', 'target-repo': 'fleet/target' }, env)
}

/** Inputs that are each valid but contradict one another, or need a kind of target. */
function modeProblems(i: z.output<typeof InputsSchema>, target: RepoSpec | undefined): string[] {
  const problems: string[] = []
  const onConflict = i['on-conflict']
  if (i.force && onConflict && onConflict !== 'force')
    problems.push(
      `force: true contradicts on-conflict: ${onConflict}: remove force (on-conflict: force does the same)`
    )
  // With direction: both, pull requests are refused whatever the target (below): one line, not two.
  if (onConflict === 'pull-request' && target && target.kind !== 'github' && i.direction !== 'both')
    problems.push(
      "on-conflict: pull-request needs a GitHub target given as 'owner/name' (pull requests are opened through the GitHub API): use on-conflict: fail or force for other hosts"
    )
  if (i.mode === 'restore' && !i['restore-from'])
    problems.push(`mode: restore needs restore-from: ${RESTORE_FROM_HINT}`)
  if (i.mode !== 'restore' && i['restore-from'])
    problems.push('restore-from is set but mode is not restore: add mode: restore, or remove restore-from')
  if (i.mode === 'restore' && onConflict === 'pull-request')
    problems.push('on-conflict: pull-request does not apply to mode: restore: remove it')
  if (i.direction === 'both' && i.mode === 'restore')
    problems.push(
      'direction: both does not apply to mode: restore (a restore writes the target only): remove it'
    )
  if (i.direction === 'both' && onConflict === 'pull-request')
    problems.push(
      'on-conflict: pull-request does not apply to direction: both (a pull request goes one way): use fail or force'
    )
  return problems
}

/** The names of every input, for reading INPUT_* and for checking action.yml stays in step. */
export const INPUT_NAMES = Object.keys(InputsSchema.shape) as (keyof RawInputs)[]

/** Reads INPUT_* as the runner sets them; a missing variable stays undefined so defaults apply. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {}
  for (const name of INPUT_NAMES) raw[name] = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]
  return raw
}
