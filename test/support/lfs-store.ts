import { createHash, randomBytes } from 'node:crypto'
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync
} from 'node:fs'
import type http from 'node:http'
import path from 'node:path'

/** What the LFS side of the test server does besides storing objects: the limits real hosts have. */
export interface LfsOptions {
  /** Repositories with LFS switched off: the batch endpoint answers 404, as a host with LFS disabled. */
  disabled?: string[]
  /** Largest object accepted, in bytes (GitHub: 2 GB on Free/Pro). */
  maxObjectSize?: number
  /** Total bytes a repository may store before uploads are refused as over quota. */
  quotaBytes?: number
}

export interface LfsCounters {
  /** oids whose content was uploaded (PUT) and downloaded (GET), per repository. */
  uploads: { repo: string; oid: string }[]
  downloads: { repo: string; oid: string }[]
  batches: { repo: string; operation: string; oids: string[] }[]
}

/** Where an object lives on disk: the same layout git-lfs uses in a repository (lfs/objects/ab/cd/oid). */
export function lfsObjectPath(repoDir: string, oid: string): string {
  return path.join(repoDir, 'lfs', 'objects', oid.slice(0, 2), oid.slice(2, 4), oid)
}

/** Every object stored for a repository. */
export function lfsObjects(repoDir: string): string[] {
  const base = path.join(repoDir, 'lfs', 'objects')
  if (!existsSync(base)) return []
  return readdirSync(base, { recursive: true })
    .map(String)
    .filter(p => /^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/.test(p))
    .map(p => path.basename(p))
    .sort()
}

/** Bytes and the pointer file git-lfs would commit for them. */
export function lfsPointer(content: Buffer): { oid: string; size: number; pointer: string } {
  const oid = createHash('sha256').update(content).digest('hex')
  return {
    oid,
    size: content.length,
    pointer: `version https://git-lfs.github.com/spec/v1\noid sha256:${oid}\nsize ${content.length}\n`
  }
}

export const randomContent = (bytes: number) => randomBytes(bytes)

interface BatchRequest {
  operation?: string
  objects?: { oid?: string; size?: number }[]
}

const json = (res: http.ServerResponse, status: number, body: unknown) =>
  void res.writeHead(status, { 'Content-Type': 'application/vnd.git-lfs+json' }).end(JSON.stringify(body))

/**
 * The Git LFS batch API with the basic transfer adapter, for one repository directory: POST
 * objects/batch answers download/upload actions whose hrefs point back here (with the caller's
 * Authorization in the action's header, as GitHub does); GET/PUT objects/<oid> move the bytes,
 * checked against the oid. Returns false when the path is not an LFS one.
 */
export async function handleLfs(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  ctx: {
    repo: string
    repoDir: string
    rest: string
    baseUrl: string
    opts: LfsOptions
    counters: LfsCounters
  }
): Promise<boolean> {
  const m = /^info\/lfs\/(objects\/batch|objects\/([0-9a-f]{64}))$/.exec(ctx.rest)
  if (!m) return false
  const { repo, repoDir, opts, counters } = ctx
  if (opts.disabled?.includes(repo)) {
    req.resume()
    json(res, 404, { message: 'Git LFS is disabled for this repository.' })
    return true
  }
  const auth = req.headers.authorization ?? ''
  if (m[1] === 'objects/batch') {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as BatchRequest
    const objects = (body.objects ?? []).filter(o => /^[0-9a-f]{64}$/.test(o.oid ?? ''))
    counters.batches.push({ repo, operation: body.operation ?? '', oids: objects.map(o => o.oid!) })
    const stored = lfsObjects(repoDir).reduce((n, oid) => n + statSync(lfsObjectPath(repoDir, oid)).size, 0)
    const incoming = objects
      .filter(o => !existsSync(lfsObjectPath(repoDir, o.oid!)))
      .reduce((n, o) => n + (o.size ?? 0), 0)
    if (body.operation === 'upload' && opts.quotaBytes !== undefined && stored + incoming > opts.quotaBytes)
      return (
        json(res, 507, {
          message:
            'This repository is over its data quota. Account responsible for LFS bandwidth should purchase more data packs to restore access.'
        }),
        true
      )
    const href = (oid: string) => ({
      href: `${ctx.baseUrl}/${repo}/info/lfs/objects/${oid}`,
      header: { Authorization: auth },
      expires_in: 3600
    })
    const answer = objects.map(o => {
      const oid = o.oid!
      const size = o.size ?? 0
      const has = existsSync(lfsObjectPath(repoDir, oid))
      if (body.operation === 'download')
        return has
          ? { oid, size, authenticated: true, actions: { download: href(oid) } }
          : { oid, size, error: { code: 404, message: 'Object does not exist' } }
      if (opts.maxObjectSize !== undefined && size > opts.maxObjectSize)
        return {
          oid,
          size,
          error: { code: 422, message: `Size must be less than or equal to ${opts.maxObjectSize}` }
        }
      return has ? { oid, size } : { oid, size, authenticated: true, actions: { upload: href(oid) } }
    })
    json(res, 200, { transfer: 'basic', objects: answer })
    return true
  }
  const oid = m[2]!
  const file = lfsObjectPath(repoDir, oid)
  if (req.method === 'GET') {
    if (!existsSync(file)) return (json(res, 404, { message: 'Object does not exist' }), true)
    counters.downloads.push({ repo, oid })
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': statSync(file).size })
    createReadStream(file).pipe(res)
    return true
  }
  if (req.method === 'PUT') {
    const chunks: Buffer[] = []
    for await (const c of req) chunks.push(c as Buffer)
    const content = Buffer.concat(chunks)
    if (createHash('sha256').update(content).digest('hex') !== oid)
      return (json(res, 422, { message: 'content does not match its oid' }), true)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(`${file}.tmp`, content)
    renameSync(`${file}.tmp`, file)
    counters.uploads.push({ repo, oid })
    res.writeHead(200).end()
    return true
  }
  json(res, 405, { message: 'method not allowed' })
  return true
}
