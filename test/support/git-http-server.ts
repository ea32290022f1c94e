import { spawn } from 'node:child_process'
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export type Fault = 'drop' | '500' | 'drop-after-body' | undefined

export interface GitHttpServerOptions {
  /** Directory holding bare repositories (e.g. <root>/src.git). */
  root: string
  /** token → repositories it may use ('*' for all); anything else is a 401. */
  tokens: Map<string, string[] | '*'>
  /** Decides per request whether to inject a fault. */
  fault?: (req: RequestInfo) => Fault
  /** Runs before a request reaches git (e.g. to move a ref between analysis and push). */
  before?: (req: RequestInfo) => Promise<void> | void
}

export interface RequestInfo {
  method: string
  repo: string
  /** e.g. info/refs?service=git-upload-pack, git-receive-pack */
  path: string
  service: 'upload-pack' | 'receive-pack'
  n: number
  /** Protocol v2 command of a POST (ls-refs, fetch), sniffed from the request body. */
  command?: string
  /** Bytes of this request's body, and of its response body so far. */
  bytesIn: number
  bytesOut: number
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
  resetCounters: () => void
  close: () => Promise<void>
}

function tokenFrom(header: string | undefined): string | undefined {
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
  const sockets = new Set<import('node:net').Socket>()

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const m = /^\/([^/]+\.git)\/(.*)$/.exec(url.pathname)
    if (!m) return void res.writeHead(404).end('not found')
    const [, repo, rest] = m
    const service = url.searchParams.get('service') === 'git-receive-pack' || rest === 'git-receive-pack' ? 'receive-pack' : 'upload-pack'
    const info: RequestInfo = { method: req.method ?? 'GET', repo: repo!, path: rest + url.search, service, n: n++, bytesIn: 0, bytesOut: 0 }
    state.requests.push(info)
    if (req.headers.authorization) state.authHeaders.push(req.headers.authorization)

    const token = tokenFrom(req.headers.authorization)
    const allowed = token === undefined ? undefined : opts.tokens.get(token)
    if (!allowed) {
      req.resume()
      return void res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="GitHub"' }).end('Invalid username or token.')
    }
    if (allowed !== '*' && !allowed.includes(repo!)) {
      req.resume()
      return void res.writeHead(404).end('Repository not found.')
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
      GIT_PROTOCOL: String(req.headers['git-protocol'] ?? ''),
      HTTP_CONTENT_ENCODING: String(req.headers['content-encoding'] ?? '')
    }
    const cgi = spawn('git', ['http-backend'], { env })
    req.on('data', (chunk: Buffer) => {
      if (info.bytesIn === 0) info.command = /command=([a-z-]+)/.exec(chunk.subarray(0, 64).toString('latin1'))?.[1]
      state.bytesIn += chunk.length
      info.bytesIn += chunk.length
    })
    req.pipe(cgi.stdin)
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
  server.on('connection', (s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    repoUrl: (name) => `${url}/${name}`,
    get bytesIn() {
      return state.bytesIn
    },
    get bytesOut() {
      return state.bytesOut
    },
    requests: state.requests,
    authHeaders: state.authHeaders,
    resetCounters() {
      state.bytesIn = 0
      state.bytesOut = 0
      state.requests.length = 0
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}
