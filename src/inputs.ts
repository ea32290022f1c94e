import { createPrivateKey } from 'node:crypto'
import path from 'node:path'
import { z } from 'zod'
import { refNameProblem } from './refs/refname.js'

/** Where a repository lives, as the user named it. */
export type RepoSpec =
  | { kind: 'github'; owner: string; name: string; url: string; serverUrl: string }
  | { kind: 'url'; url: string }
  | { kind: 'path'; path: string }

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/
const NAME = /^[A-Za-z0-9._-]{1,100}$/
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]'])

function parseRepo(input: string, serverUrl: string, field: string, ctx: z.RefinementCtx): RepoSpec {
  const value = input.trim()
  const fail = (why: string): RepoSpec => {
    ctx.addIssue({ code: 'custom', message: `${field} ${why}` })
    return { kind: 'path', path: '' }
  }
  if (value === '') return fail("is empty: give 'owner/name', an https URL, or a local path")
  if (value.startsWith('-')) return fail("starts with '-': give 'owner/name', an https URL, or a local path")

  if (/[\u0000-\u001f\u007f\s]/.test(value)) return fail('contains whitespace or control characters')
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
    return fail(`'${value}' is not 'owner/name', an https URL, or a local path (start it with / or ./)`)
  const server = serverUrl.replace(/\/+$/, '')
  return { kind: 'github', owner, name, serverUrl: server, url: `${server}/${owner}/${name}.git` }
}

const BOOL_TRUE = ['true', 'True', 'TRUE']
const BOOL_FALSE = ['false', 'False', 'FALSE']

/** A single-value input: blank takes the fallback, anything else is parsed or named as wrong. */
function scalar<T>(field: string, fallback: T, parse: (s: string) => T | undefined, expected: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? '').trim()
      if (s === '') return fallback
      const value = parse(s)
      if (value !== undefined) return value
      ctx.addIssue({ code: 'custom', message: `${field} must be ${expected}, got '${s.slice(0, 20)}'` })
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
  return z
    .string()
    .optional()
    .transform((v, ctx): string[] | T => {
      if (v === undefined) return unset
      if (v.trim() === '') return empty
      const given = v
        .split(/[\n,]/)
        .map(p => p.trim())
        .filter(p => p !== '')
      const list = given.map(p => p.replace(/^(!?)refs\/(heads|tags)\//, '$1'))
      if (list.length === 0)
        ctx.addIssue({
          code: 'custom',
          message: `${field} lists no pattern, only separators: give patterns such as 'main' or 'release/**'`
        })
      list.forEach((p, i) => {
        const problem = refNameProblem(p.replace(/^!/, ''), { glob: true })
        // Quoted as given (control characters shown as '?'), so the user finds it in the workflow.
        if (problem)
          ctx.addIssue({
            code: 'custom',
            message: `${field} pattern '${given[i]!.replace(/[^\x20-\x7e]/g, '?')}' ${problem}`
          })
      })
      if (list.length > 0 && list.every(p => p.startsWith('!')))
        ctx.addIssue({
          code: 'custom',
          message: `${field} has only exclusions ('!…'): add a pattern to include, e.g. '**'`
        })
      return list
    })
}

/** A token input: trimmed; never echoed in a message, even a fragment of it. */
function token(field: string) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? '').trim()

      if (/[\s\u0000-\u001f\u007f]/.test(s))
        ctx.addIssue({
          code: 'custom',
          message: `${field} contains whitespace or control characters: paste the token alone (its value is not shown)`
        })
      return s
    })
}

/** The action's inputs exactly as the runner passes them (INPUT_* variables), all strings. */
export const InputsSchema = z
  .object({
    'source-repo': z.string().optional(),
    'target-repo': z.string().optional(),
    'source-token': token('source-token'),
    'target-token': token('target-token'),
    branches: patterns('branches', 'default-branch', 'default-branch'),
    tags: patterns('tags', ['**'], []),
    force: bool('force', false),
    'dry-run': bool('dry-run', false),
    prune: bool('prune', false),
    'backup-ref-prefix': z
      .string()
      .optional()
      .transform((v, ctx) => {
        const s = (v ?? '').trim() || 'refs/mirror-backup/'
        const prefix = s.endsWith('/') ? s : `${s}/`
        const problem = refNameProblem(prefix.slice(0, -1))
        if (problem) ctx.addIssue({ code: 'custom', message: `backup-ref-prefix '${prefix}' ${problem}` })
        else if (!prefix.startsWith('refs/') || /^refs\/(heads|tags)\//.test(prefix) || prefix === 'refs/')
          ctx.addIssue({
            code: 'custom',
            message: `backup-ref-prefix must be under refs/ but outside refs/heads/ and refs/tags/ (got '${prefix}')`
          })
        return prefix
      }),
    'report-name': z
      .string()
      .optional()
      .transform((v, ctx) => {
        const s = (v ?? '').trim() || 'sync-report'
        if (!/^[A-Za-z0-9._ -]{1,100}$/.test(s) || s.startsWith('.'))
          ctx.addIssue({
            code: 'custom',
            message: `report-name may use letters, digits, '.', '_', '-' and spaces (max 100), got '${s.slice(0, 40)}'`
          })
        return s
      }),
    'retention-days': int('retention-days', 1, 400, undefined),
    retries: int('retries', 0, 10, 3),
    'github-server-url': z.string().optional(),
    'github-api-url': z.string().optional(),
    'app-id': z
      .string()
      .optional()
      .transform((v, ctx) => {
        const s = (v ?? '').trim()
        // An App is identified by its numeric id or its client id (Iv1./Iv23. prefix); both sign JWTs.
        if (s !== '' && !/^(\d{1,12}|Iv[0-9A-Za-z.]{4,40})$/.test(s))
          ctx.addIssue({
            code: 'custom',
            message: `app-id must be the App's numeric id (or its client id), got '${s.slice(0, 20).replace(/[^\x20-\x7e]/g, '?')}'`
          })
        return s
      }),
    'app-private-key': z.string().optional(),
    'app-installation-id': int('app-installation-id', 1, Number.MAX_SAFE_INTEGER, undefined),
    'sync-workflows': bool('sync-workflows', true),
    mode: scalar(
      'mode',
      'mirror',
      s => (['mirror', 'plan', 'collect'].includes(s) ? s : undefined),
      'mirror, plan or collect'
    ),
    /** Fleet inputs (src/fleet/): read by the plan and collect modes and by a matrix leg. */
    config: z.string().optional(),
    leg: z.string().optional(),
    legs: int('legs', 0, 1_000_000, undefined)
  })
  .strict()

export type RawInputs = z.input<typeof InputsSchema>

export interface Options {
  source: RepoSpec
  target: RepoSpec
  sourceToken: string
  targetToken: string
  branches: string[] | 'default-branch'
  tags: string[]
  force: boolean
  dryRun: boolean
  prune: boolean
  backupRefPrefix: string
  reportName: string
  retentionDays?: number
  retries: number
  serverUrl: string
  /** REST API base URL of the same server (api.github.com, or <server>/api/v3 on GHES). */
  apiUrl: string
  /** Present when a GitHub App is configured: it then takes precedence over the tokens. */
  app?: AppOptions
  /** Whether changes under .github/workflows/ are mirrored (needs the workflows permission). */
  syncWorkflows: boolean
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
    const key = createPrivateKey(pem)
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

export class InputError extends Error {
  override name = 'InputError'
}

function sameRepo(a: RepoSpec, b: RepoSpec): boolean {
  const key = (r: RepoSpec) =>
    r.kind === 'path' ? `path:${path.resolve(r.path)}` : r.url.toLowerCase().replace(/\.git$/, '')
  return key(a) === key(b)
}

/** Validates raw inputs into Options; every problem is reported, one per line. */
export function parseInputs(
  raw: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv = process.env
): Options {
  const parsed = InputsSchema.safeParse(raw)
  const serverUrl = (
    raw['github-server-url']?.trim() ||
    env.GITHUB_SERVER_URL ||
    'https://github.com'
  ).replace(/\/+$/, '')
  const problems: string[] = parsed.success ? [] : parsed.error.issues.map(i => i.message)
  const repos = z
    .object({
      source: z.string().transform((v, ctx) => parseRepo(v, serverUrl, 'source-repo', ctx)),
      target: z.string().transform((v, ctx) => parseRepo(v, serverUrl, 'target-repo', ctx))
    })
    .safeParse({
      source: raw['source-repo']?.trim() || env.GITHUB_REPOSITORY || '',
      target: raw['target-repo'] ?? ''
    })
  if (!repos.success) problems.push(...repos.error.issues.map(i => i.message))
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
  if (repos.success && sameRepo(repos.data.source, repos.data.target))
    problems.push('source-repo and target-repo are the same repository: nothing to mirror')
  if (problems.length > 0 || !parsed.success || !repos.success) throw new InputError(problems.join('\n'))
  const i = parsed.data
  return {
    source: repos.data.source,
    target: repos.data.target,
    sourceToken: i['source-token'],
    targetToken: i['target-token'],
    branches: i.branches,
    tags: i.tags,
    force: i.force,
    dryRun: i['dry-run'],
    prune: i.prune,
    backupRefPrefix: i['backup-ref-prefix'],
    reportName: i['report-name'],
    retentionDays: i['retention-days'],
    retries: i.retries,
    serverUrl,
    apiUrl,
    app: appId ? { appId, privateKey, installationId: i['app-installation-id'] } : undefined,
    syncWorkflows: i['sync-workflows']
  }
}

/**
 * The inputs every mode shares (tokens, server, report name, retries), validated as for a mirror.
 * plan and collect have no single pair, so the pair is a placeholder nothing reads.
 */
export function parseSharedInputs(raw: Record<string, string | undefined>, env: NodeJS.ProcessEnv): Options {
  return parseInputs({ ...raw, 'source-repo': 'fleet/source', 'target-repo': 'fleet/target' }, env)
}

/** The names of every input, for reading INPUT_* and for checking action.yml stays in step. */
export const INPUT_NAMES = Object.keys(InputsSchema.shape) as (keyof RawInputs)[]

/** Reads INPUT_* as the runner sets them; a missing variable stays undefined so defaults apply. */
export function readInputs(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const raw: Record<string, string | undefined> = {}
  for (const name of INPUT_NAMES) raw[name] = env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]
  return raw
}
