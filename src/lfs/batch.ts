import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { Readable } from 'node:stream'
import type { ReadableStream as WebReadableStream } from 'node:stream/web'
import { pipeline } from 'node:stream/promises'
import type { Remote } from '../git/remote.js'
import { basicAuthHeader, registerSecret, scrub } from '../git/secrets.js'
import type { LfsObject } from './pointers.js'

/** An LFS API endpoint with the headers that authenticate to it (never credentials in its URL). */
export interface LfsEndpoint {
  url: string
  headers: Record<string, string>
}

interface Action {
  href: string
  header?: Record<string, string>
}

export interface BatchAnswer extends LfsObject {
  actions?: { download?: Action; upload?: Action; verify?: Action }
  error?: { code: number; message: string }
}

/** A failure of the LFS API, already worded for the user; `kind` sorts it for the report. */
export class LfsError extends Error {
  constructor(
    message: string,
    readonly kind: 'auth' | 'not-found' | 'too-large' | 'quota' | 'disabled' | 'transport'
  ) {
    super(message)
    this.name = 'LfsError'
  }
}

/** Server text is attacker-controlled: one line, printable, short, scrubbed. */
const quoteServer = (s: string | undefined) =>
  scrub(s ?? '')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 200)

/** git-lfs-authenticate over the remote's own SSH set-up: the host answers with the HTTPS endpoint and a header. */
async function sshEndpoint(remote: Remote, operation: 'download' | 'upload'): Promise<LfsEndpoint> {
  const ssh = remote.ssh!
  const a = ssh.address
  const port = a.port ? ` -p ${a.port}` : ''
  const cmd = `${ssh.command}${port} ${a.user}@${a.host} "git-lfs-authenticate '${a.path}' ${operation}"`
  const child = spawn('sh', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.on('data', d => (out += String(d)))
  child.stderr.on('data', d => (err += String(d)))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  if (code !== 0)
    throw new LfsError(
      `${remote.display}: git-lfs-authenticate over SSH failed (${quoteServer(err.split('\n').filter(Boolean).pop()) || `exit ${code}`}): the host may not serve Git LFS over SSH; use its https URL with a token for LFS repositories`,
      'auth'
    )
  const answer = JSON.parse(out) as { href?: string; header?: Record<string, string> }
  if (!answer.href) throw new LfsError(`${remote.display}: git-lfs-authenticate gave no LFS URL`, 'transport')
  for (const v of Object.values(answer.header ?? {})) registerSecret(v)
  return { url: answer.href.replace(/\/+$/, ''), headers: answer.header ?? {} }
}

/** The remote's LFS API (`<repo>.git/info/lfs`, as git-lfs derives it) and how to authenticate to it. */
export async function lfsEndpoint(remote: Remote, operation: 'download' | 'upload'): Promise<LfsEndpoint> {
  if (remote.ssh) return sshEndpoint(remote, operation)
  const base = remote.url.replace(/\/+$/, '')
  const url = `${base.endsWith('.git') ? base : `${base}.git`}/info/lfs`
  const headers: Record<string, string> = {}
  if (remote.token)
    headers.Authorization = basicAuthHeader(remote.token, remote.username).replace(/^AUTHORIZATION: /, '')
  return { url, headers }
}

const LFS_JSON = 'application/vnd.git-lfs+json'

/** What an LFS API status means for this remote, as one line that names the fix. */
function statusError(status: number, body: string, where: string, operation: string): LfsError {
  let said: string
  try {
    said = quoteServer((JSON.parse(body) as { message?: string }).message ?? body)
  } catch {
    // Not JSON (a proxy's or web server's page): its first words are still the best clue.
    said = quoteServer(body)
  }
  const quoted = said ? ` (the server said: ${said})` : ''
  if (/quota/i.test(said) || status === 507)
    return new LfsError(
      `${where}: its Git LFS storage or bandwidth quota is exceeded${quoted}: buy more LFS data or free some, then run again`,
      'quota'
    )
  if (status === 401)
    return new LfsError(
      `${where}: its LFS API refused the credentials (HTTP 401)${quoted}: check the token`,
      'auth'
    )
  if (status === 403)
    return new LfsError(
      `${where}: its LFS API denied ${operation} (HTTP 403)${quoted}: the token or key needs ${operation === 'upload' ? 'write' : 'read'} access`,
      'auth'
    )
  if (status === 404 || status === 501 || /disabled|not enabled/i.test(said))
    return new LfsError(
      `${where}: Git LFS is not enabled there (HTTP ${status})${quoted}: enable LFS for the repository, or set lfs: false`,
      'disabled'
    )
  if (status === 413)
    return new LfsError(`${where}: the LFS request was too large (HTTP 413)${quoted}`, 'too-large')
  return new LfsError(`${where}: the LFS API answered HTTP ${status}${quoted}`, 'transport')
}

/** Asks the batch API about objects (in chunks, as git-lfs does); throws on a refusal of the whole request. */
export async function batch(
  endpoint: LfsEndpoint,
  operation: 'download' | 'upload',
  objects: LfsObject[],
  where: string
): Promise<BatchAnswer[]> {
  const answers: BatchAnswer[] = []
  for (let i = 0; i < objects.length; i += 100) {
    const chunk = objects.slice(i, i + 100)
    let res: Response
    try {
      res = await fetch(`${endpoint.url}/objects/batch`, {
        method: 'POST',
        headers: { ...endpoint.headers, Accept: LFS_JSON, 'Content-Type': LFS_JSON },
        body: JSON.stringify({ operation, transfers: ['basic'], objects: chunk, hash_algo: 'sha256' }),
        redirect: 'error'
      })
    } catch (err) {
      throw new LfsError(
        `${where}: cannot reach its LFS API (${quoteServer((err as Error).message)})`,
        'transport'
      )
    }
    const body = await res.text()
    if (!res.ok) throw statusError(res.status, body, where, operation)
    answers.push(...((JSON.parse(body) as { objects?: BatchAnswer[] }).objects ?? []))
  }
  return answers
}

/** The headers for an action's href: its own, plus ours only when it points back at the same API host. */
function actionHeaders(endpoint: LfsEndpoint, action: Action): Record<string, string> {
  const same = new URL(action.href).origin === new URL(endpoint.url).origin
  for (const v of Object.values(action.header ?? {})) registerSecret(v)
  return { ...(same ? endpoint.headers : {}), ...(action.header ?? {}) }
}

/** Downloads one object to `file`, checking its size and sha256 against the pointer. */
export async function download(
  endpoint: LfsEndpoint,
  obj: BatchAnswer,
  file: string,
  where: string
): Promise<void> {
  const action = obj.actions!.download!
  const res = await fetch(action.href, { headers: actionHeaders(endpoint, action) })
  if (!res.ok || !res.body) throw statusError(res.status, await res.text(), where, 'download')
  const hash = createHash('sha256')
  let size = 0
  const counted = Readable.fromWeb(res.body as WebReadableStream).on('data', (c: Buffer) => {
    hash.update(c)
    size += c.length
  })
  await pipeline(counted, createWriteStream(file, { mode: 0o600 }))
  if (size !== obj.size || hash.digest('hex') !== obj.oid)
    throw new LfsError(
      `${where}: LFS object ${obj.oid} arrived damaged (size or hash differs); run again`,
      'transport'
    )
}

/** Uploads one object from `file` with the basic transfer's PUT, then the verify call when the host asks for it. */
export async function upload(
  endpoint: LfsEndpoint,
  obj: BatchAnswer,
  file: string,
  where: string
): Promise<void> {
  const action = obj.actions!.upload!
  const res = await fetch(action.href, {
    method: 'PUT',
    headers: {
      ...actionHeaders(endpoint, action),
      'Content-Type': 'application/octet-stream',
      'Content-Length': String(obj.size)
    },
    body: Readable.toWeb(createReadStream(file)) as unknown as BodyInit,
    duplex: 'half'
  } as RequestInit)
  if (!res.ok) throw statusError(res.status, await res.text(), where, 'upload')
  const verify = obj.actions?.verify
  if (verify) {
    const v = await fetch(verify.href, {
      method: 'POST',
      headers: { ...actionHeaders(endpoint, verify), Accept: LFS_JSON, 'Content-Type': LFS_JSON },
      body: JSON.stringify({ oid: obj.oid, size: obj.size })
    })
    if (!v.ok) throw statusError(v.status, await v.text(), where, 'upload')
  }
}

/** Turns one object's error in a batch answer into the user's line. */
export function objectError(obj: BatchAnswer, where: string, operation: string): LfsError {
  const said = quoteServer(obj.error?.message)
  const code = obj.error?.code ?? 0
  if (operation === 'download' && code === 404)
    return new LfsError(
      `${where}: LFS object ${obj.oid} (${obj.size} bytes) is missing from the source's LFS store, so it cannot be copied`,
      'not-found'
    )
  if (
    code === 413 ||
    (code === 422 && /size|large|exceed|limit/i.test(said)) ||
    /too large|exceeds/i.test(said)
  )
    return new LfsError(
      `${where}: LFS object ${obj.oid} (${obj.size} bytes) is over the host's size limit (the server said: ${said})`,
      'too-large'
    )
  if (/quota/i.test(said) || code === 507)
    return new LfsError(`${where}: LFS quota exceeded (the server said: ${said})`, 'quota')
  return new LfsError(`${where}: LFS ${operation} of ${obj.oid} refused (${code}: ${said})`, 'transport')
}
