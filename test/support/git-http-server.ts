import type { Socket } from 'node:net'
import { spawn } from 'node:child_process'
import http from 'node:http'
import { gunzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { handleLfs, type LfsCounters, type LfsOptions } from './lfs-store.ts'

export type Fault = 'drop' | '500' | 'drop-after-body' | undefined

export interface GitHttpServerOptions {
  /** Directory holding bare repositories (e.g. <root>/src.git). */
  root: string
  /** token → repositories it may use ('*' for all); anything else is a 401. */
  tokens: Map<string, string[] | '*'>
  /** Decides per request whether to inject a fault. */
  fault?: (req: RequestInfo) => Fault
  /** Repositories anyone may read without credentials, like a public repository (pushing still needs a token). */
  anonymous?: string[]
  /** Runs before a request reaches git (e.g. to move a ref between analysis and push). */
  before?: (req: RequestInfo) => Promise<void> | void
  /**
   * Per-token rules beyond the repo list, as GitHub applies them: deny a request (e.g. a read-only
   * token pushing) or hand hooks extra environment (e.g. what a token may do with workflow files).
   */
  access?: (
    token: string,
    req: RequestInfo
  ) => { deny?: { status: number; body: string }; env?: Record<string, string> } | undefined
  /** Git LFS (batch API, basic transfer) at <repo>/info/lfs, objects stored on disk in the repository. */
  lfs?: LfsOptions
  /** Speaks protocol v0 only, as a server that ignores the Git-Protocol header (an older git, some hosts). */
  protocolV0?: boolean
}

export interface RequestInfo {
  method: string
  repo: string
  /** e.g. info/refs?service=git-upload-pack, git-receive-pack */
  path: string
  service: 'upload-pack' | 'receive-pack'
  /**
   * For a protocol v2 POST to upload-pack, the command it carries: 'ls-refs' (listing refs, as
   * ls-remote and the start of fetch do) or 'fetch' (negotiating and downloading objects).
   */
  command?: string
  n: number
  /** The Authorization header as received (undefined when none was sent). */
  authorization?: string
  /** Bytes of this request's body, and of its response body so far. */
  bytesIn: number
  bytesOut: number
}

/**
 * Reads a POST body's start to learn its protocol v2 command, then puts it back so git
 * http-backend still gets the whole body. A gzip body (git compresses large requests) is read
 * whole: upload-pack requests are small.
 */
async function sniffCommand(req: http.IncomingMessage): Promise<{ command?: string; whole?: Buffer }> {
  if (req.method !== 'POST') return {}
  const gzip = req.headers['content-encoding'] === 'gzip'
  const chunks: Buffer[] = []
  for (;;) {
    const chunk = await new Promise<Buffer | null>(resolve => {
      const onReadable = () => {
        req.off('end', onEnd)
        resolve(req.read() as Buffer | null)
      }
      const onEnd = () => {
        req.off('readable', onReadable)
        resolve(null)
      }
      req.once('readable', onReadable)
      req.once('end', onEnd)
    })
    if (!chunk) break
    chunks.push(chunk)
    if (!gzip) break
  }
  if (chunks.length === 0) return {}
  const body = Buffer.concat(chunks)
  // A stream that has ended takes nothing back: then the caller sends the whole body itself.
  if (!gzip) req.unshift(body)
  const plain = gzip ? gunzipSync(body) : body
  const command = /^[0-9a-f]{4}command=([a-z-]+)/.exec(plain.subarray(0, 64).toString('latin1'))?.[1]
  return gzip ? { command, whole: body } : { command }
}

export interface GitHttpServer {
  url: string
  /** URL of a repository under root, e.g. repoUrl('src.git'). */
  repoUrl: (name: string) => string
  bytesIn: number
  bytesOut: number
  requests: RequestInfo[]
  /** Every Authorization header value received, to prove how credentials travelled. */
  authHeaders: string[]
  /** What the LFS endpoint was asked and moved. */
  lfs: LfsCounters
  /** The live token table (the same Map as the option): add or remove tokens while serving. */
  tokens: Map<string, string[] | '*'>
  resetCounters: () => void
  close: () => Promise<void>
}

export function tokenFrom(header: string | undefined): string | undefined {
  const m = /^basic (.+)$/i.exec(header ?? '')
  if (!m) return undefined
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8')
  const i = decoded.indexOf(':')
  return i < 0 ? undefined : decoded.slice(i + 1)
}

/**
 * A smart-HTTP git server like GitHub's: `git http-backend` as CGI behind Basic auth with
 * `x-access-token:<token>`, on 127.0.0.1. It counts bytes each way and can inject faults.
 */
export async function startGitHttpServer(opts: GitHttpServerOptions): Promise<GitHttpServer> {
  let n = 0
  const state = { bytesIn: 0, bytesOut: 0, requests: [] as RequestInfo[], authHeaders: [] as string[] }
  const sockets = new Set<Socket>()
  const lfs: LfsCounters = { uploads: [], downloads: [], batches: [] }
  let baseUrl = ''

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    // /<name>.git/... as before, or /<owner>/<name>.git/... like a GitHub server.
    const m = /^\/((?:[^/.][^/]*\/)?[^/]+\.git)\/(.*)$/.exec(url.pathname)
    if (!m) return void res.writeHead(404).end('not found')
    const [, repo, rest] = m
    const service =
      url.searchParams.get('service') === 'git-receive-pack' || rest === 'git-receive-pack'
        ? 'receive-pack'
        : 'upload-pack'
    const { command, whole } = service === 'upload-pack' ? await sniffCommand(req) : {}
    const info: RequestInfo = {
      method: req.method ?? 'GET',
      repo: repo!,
      path: rest + url.search,
      service,
      command,
      n: n++,
      authorization: req.headers.authorization,
      bytesIn: 0,
      bytesOut: 0
    }
    state.requests.push(info)
    if (req.headers.authorization) state.authHeaders.push(req.headers.authorization)

    const token = tokenFrom(req.headers.authorization)
    const publicRead =
      !req.headers.authorization && service === 'upload-pack' && opts.anonymous?.includes(repo!)
    const allowed = publicRead ? [repo!] : token === undefined ? undefined : opts.tokens.get(token)
    if (!allowed) {
      req.resume()
      return void res
        .writeHead(401, { 'WWW-Authenticate': 'Basic realm="GitHub"' })
        .end('Invalid username or token.')
    }
    if (allowed !== '*' && !allowed.includes(repo!)) {
      req.resume()
      return void res.writeHead(404).end('Repository not found.')
    }
    if (rest!.startsWith('info/lfs/')) {
      const ctx = {
        repo: repo!,
        repoDir: path.join(opts.root, repo!),
        rest: rest!,
        baseUrl,
        opts: opts.lfs ?? {}
      }
      if (await handleLfs(req, res, { ...ctx, counters: lfs })) return
    }
    const rule = token === undefined ? undefined : opts.access?.(token, info)
    if (rule?.deny) {
      req.resume()
      return void res.writeHead(rule.deny.status).end(rule.deny.body)
    }
    await opts.before?.(info)
    const fault = opts.fault?.(info)
    if (fault === 'drop') return void req.socket.destroy()
    if (fault === '500') {
      req.resume()
      return void res.writeHead(500).end('internal error')
    }

    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: opts.root,
      GIT_HTTP_EXPORT_ALL: '1',
      PATH_INFO: `/${repo}/${rest}`,
      QUERY_STRING: url.search.slice(1),
      REQUEST_METHOD: req.method,
      CONTENT_TYPE: req.headers['content-type'] ?? '',
      REMOTE_USER: 'x-access-token',
      REMOTE_ADDR: '127.0.0.1',
      GIT_PROTOCOL: opts.protocolV0 ? '' : String(req.headers['git-protocol'] ?? ''),
      HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? ''),
      // Like GitHub: partial fetches (--filter) are served.
      GIT_CONFIG_PARAMETERS: "'uploadpack.allowfilter'='true'",
      ...rule?.env
    }
    const cgi = spawn('git', ['http-backend'], { env })
    const countIn = (n: number) => ((state.bytesIn += n), (info.bytesIn += n))
    if (whole) {
      countIn(whole.length)
      cgi.stdin.end(whole)
    } else {
      req.on('data', (chunk: Buffer) => countIn(chunk.length))
      req.pipe(cgi.stdin)
    }
    let head = Buffer.alloc(0)
    let headersDone = false
    cgi.stdout.on('data', (chunk: Buffer) => {
      if (headersDone) {
        state.bytesOut += chunk.length
        info.bytesOut += chunk.length
        return void res.write(chunk)
      }
      head = Buffer.concat([head, chunk])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) return
      headersDone = true
      let status = 200
      for (const line of head.subarray(0, end).toString().split('\r\n')) {
        const i = line.indexOf(':')
        const key = line.slice(0, i).trim()
        const value = line.slice(i + 1).trim()
        if (/^status$/i.test(key)) status = parseInt(value, 10)
        else res.setHeader(key, value)
      }
      res.writeHead(status)
      const body = head.subarray(end + 4)
      state.bytesOut += body.length
      info.bytesOut += body.length
      if (fault === 'drop-after-body') {
        // The request was processed in full (refs may have moved), but the answer never arrives.
        cgi.stdout.on('end', () => req.socket.destroy())
        cgi.stdout.removeAllListeners('data')
        cgi.stdout.resume()
        return
      }
      res.write(body)
    })
    cgi.stdout.on('end', () => {
      if (fault !== 'drop-after-body') res.end()
    })
    cgi.stderr.resume()
  })
  server.on('connection', s => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  baseUrl = url
  return {
    lfs,
    url,
    repoUrl: name => `${url}/${name}`,
    get bytesIn() {
      return state.bytesIn
    },
    get bytesOut() {
      return state.bytesOut
    },
    requests: state.requests,
    authHeaders: state.authHeaders,
    tokens: opts.tokens,
    resetCounters() {
      state.bytesIn = 0
      state.bytesOut = 0
      state.requests.length = 0
    },
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}

export interface RedirectServer {
  url: string
  /** Every request that reached it, with the Authorization header it carried. */
  requests: { method: string; path: string; authorization?: string }[]
  close: () => Promise<void>
}

/** A server that answers every request with a redirect to the same path under `to` (another host). */
export async function startRedirectServer(to: string, status = 301): Promise<RedirectServer> {
  const requests: RedirectServer['requests'] = []
  const server = http.createServer((req, res) => {
    requests.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      authorization: req.headers.authorization
    })
    req.resume()
    res.writeHead(status, { Location: `${to}${req.url ?? '/'}` }).end()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}
