import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Azurite } from './azurite.js'

/**
 * The Actions results service as @actions/artifact v6 talks to it: twirp JSON over HTTP
 * (POST /twirp/github.actions.results.api.v1.ArtifactService/<Method>, proto field names,
 * errors as {code, msg}), authenticated by the runner's ACTIONS_RUNTIME_TOKEN, a JWT whose `scp`
 * claim carries `Actions.Results:<workflowRunBackendId>:<workflowJobRunBackendId>`. The bytes go
 * to blob storage (Azurite) through the SAS URL CreateArtifact hands out, and FinalizeArtifact
 * checks the stored blob against the size and sha256 the client reports.
 */
export interface StoredArtifact {
  id: number
  name: string
  /** The job that uploaded it (its workflow_job_run_backend_id). */
  jobId: string
  container: string
  blob: string
  mimeType?: string
  expiresAt?: string
  version: number
  finalized: boolean
  createdAt: number
  size?: number
  hash?: string
}

export type TwirpMethod = 'CreateArtifact' | 'FinalizeArtifact' | 'ListArtifacts' | 'GetSignedArtifactURL'

export interface TwirpFault {
  method: TwirpMethod
  status: number
  code: string
  msg: string
}

export interface ResultsService {
  /** ACTIONS_RESULTS_URL as the runner sets it (with a trailing slash). */
  url: string
  /** ACTIONS_RUNTIME_TOKEN: a signed JWT with the backend ids in its scp claim. */
  runtimeToken: string
  runId: string
  jobId: string
  /** Another job of the same run (a matrix leg, a collect job): its own runtime token. */
  newJob: () => { jobId: string; runtimeToken: string }
  artifacts: StoredArtifact[]
  /** Every request: method name and HTTP status answered. */
  calls: { method: string; status: number }[]
  /** Answer the next calls of a method with this twirp error. */
  fail: (fault: TwirpFault | undefined) => void
  close: () => Promise<void>
}

const PREFIX = '/twirp/github.actions.results.api.v1.ArtifactService/'
const CONTAINER = 'actions-results'

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url')

function signJwt(payload: object, secret: Buffer): string {
  const head = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const body = b64url(JSON.stringify(payload))
  return `${head}.${body}.${b64url(createHmac('sha256', secret).update(`${head}.${body}`).digest())}`
}

function verifyJwt(token: string, secret: Buffer): boolean {
  const [head, body, sig] = token.split('.')
  if (!head || !body || !sig) return false
  const want = createHmac('sha256', secret).update(`${head}.${body}`).digest()
  const got = Buffer.from(sig, 'base64url')
  return got.length === want.length && timingSafeEqual(got, want)
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string
  ) {
    super(msg)
  }
}

export async function startResultsService(storage: Azurite): Promise<ResultsService> {
  const secret = randomBytes(32)
  const runId = randomUUID()
  const jobId = randomUUID()
  const tokenFor = (job: string) =>
    signJwt(
      {
        scp: `Actions.ExampleScope Actions.Results:${runId}:${job}`,
        iss: 'repo-mirror-tests',
        exp: Math.floor(Date.now() / 1000) + 3600
      },
      secret
    )
  const runtimeToken = tokenFor(jobId)
  /** Runtime token → the job it was issued to. */
  const jobs = new Map([[runtimeToken, jobId]])
  const artifacts: StoredArtifact[] = []
  const calls: ResultsService['calls'] = []
  let fault: TwirpFault | undefined
  await storage.service.getContainerClient(CONTAINER).createIfNotExists()

  const str = (body: Record<string, unknown>, field: string): string => {
    const v = body[field]
    if (typeof v !== 'string' || v === '')
      throw new TwirpError(400, 'invalid_argument', `${field} is required`)
    return v
  }
  /** The ids must be the caller's own run and job, as the runtime token names them. */
  const checkIds = (body: Record<string, unknown>, job: string) => {
    if (str(body, 'workflow_run_backend_id') !== runId || str(body, 'workflow_job_run_backend_id') !== job)
      throw new TwirpError(403, 'permission_denied', 'backend ids do not match the runtime token')
  }
  const timestamp = (ms: number) => new Date(ms).toISOString()

  const handlers: Record<TwirpMethod, (body: Record<string, unknown>, job: string) => Promise<object>> = {
    async CreateArtifact(body, job) {
      checkIds(body, job)
      const name = str(body, 'name')
      if (body.version !== 7)
        throw new TwirpError(400, 'invalid_argument', `unsupported version ${String(body.version)}`)
      if (artifacts.some(a => a.name === name))
        throw new TwirpError(409, 'already_exists', `artifact ${name} already exists for this run`)
      if (body.expires_at !== undefined && Number.isNaN(Date.parse(String(body.expires_at))))
        throw new TwirpError(400, 'invalid_argument', 'expires_at is not a timestamp')
      const blob = `${runId}/${job}/${name}`
      artifacts.push({
        id: artifacts.length + 1,
        name,
        jobId: job,
        createdAt: Date.now(),
        container: CONTAINER,
        blob,
        version: body.version,
        mimeType: body.mime_type as string | undefined,
        expiresAt: body.expires_at as string | undefined,
        finalized: false
      })
      return { ok: true, signed_upload_url: storage.signedUploadUrl(CONTAINER, blob) }
    },
    async FinalizeArtifact(body, job) {
      checkIds(body, job)
      const name = str(body, 'name')
      const a = artifacts.find(x => x.name === name && x.jobId === job)
      if (!a) throw new TwirpError(404, 'not_found', `no artifact ${name} was created`)
      if (a.finalized) throw new TwirpError(409, 'already_exists', `artifact ${name} is already finalized`)
      const bytes = await storage.download(a.container, a.blob).catch(() => undefined)
      if (!bytes) throw new TwirpError(400, 'failed_precondition', `nothing was uploaded for ${name}`)
      const size = Number(body.size)
      if (size !== bytes.length)
        throw new TwirpError(
          400,
          'invalid_argument',
          `size ${size} does not match the ${bytes.length} bytes stored`
        )
      const hash = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
      if (body.hash !== undefined && body.hash !== hash)
        throw new TwirpError(400, 'invalid_argument', `hash ${String(body.hash)} does not match ${hash}`)
      Object.assign(a, { finalized: true, size, hash })
      return { ok: true, artifact_id: String(a.id) }
    },
    // Lists the finalized artifacts of the whole run (every job's), as the service does for a
    // run-scoped token; name_filter and id_filter narrow it.
    async ListArtifacts(body, job) {
      checkIds(body, job)
      const nameFilter = body.name_filter as string | undefined
      const idFilter = body.id_filter as string | number | undefined
      return {
        artifacts: artifacts
          .filter(a => a.finalized)
          .filter(a => nameFilter === undefined || a.name === nameFilter)
          .filter(a => idFilter === undefined || String(a.id) === String(idFilter))
          .map(a => ({
            workflow_run_backend_id: runId,
            workflow_job_run_backend_id: a.jobId,
            database_id: String(a.id),
            name: a.name,
            size: String(a.size),
            created_at: timestamp(a.createdAt),
            digest: a.hash
          }))
      }
    },
    async GetSignedArtifactURL(body) {
      if (str(body, 'workflow_run_backend_id') !== runId)
        throw new TwirpError(403, 'permission_denied', "that run is not this token's")
      const name = str(body, 'name')
      const a = artifacts.find(
        x => x.finalized && x.name === name && x.jobId === str(body, 'workflow_job_run_backend_id')
      )
      if (!a) throw new TwirpError(404, 'not_found', `no artifact ${name} in this run`)
      return { signed_url: storage.signedDownloadUrl(a.container, a.blob) }
    }
  }

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const method = (req.url ?? '').startsWith(PREFIX) ? req.url!.slice(PREFIX.length) : ''
      const reply = (status: number, body: object) => {
        calls.push({ method, status })
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      }
      void (async () => {
        try {
          if (req.method !== 'POST' || !(method in handlers))
            throw new TwirpError(404, 'bad_route', `no handler for ${req.method} ${req.url}`)
          const auth = req.headers.authorization ?? ''
          const job = jobs.get(auth.slice(7))
          if (!auth.startsWith('Bearer ') || !verifyJwt(auth.slice(7), secret) || job === undefined)
            throw new TwirpError(401, 'unauthenticated', 'a valid runtime token is required')
          if (!String(req.headers['content-type']).startsWith('application/json'))
            throw new TwirpError(415, 'bad_route', 'only the JSON protocol is served here')
          if (fault?.method === method) throw new TwirpError(fault.status, fault.code, fault.msg)
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>
          reply(200, await handlers[method as TwirpMethod](body, job))
        } catch (err) {
          if (err instanceof TwirpError) reply(err.status, { code: err.code, msg: err.message })
          else reply(500, { code: 'internal', msg: (err as Error).message })
        }
      })()
    })
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    runtimeToken,
    runId,
    jobId,
    newJob() {
      const job = randomUUID()
      const token = tokenFor(job)
      jobs.set(token, job)
      return { jobId: job, runtimeToken: token }
    },
    artifacts,
    calls,
    fail: f => (fault = f),
    close: () => new Promise<void>(resolve => (server.closeAllConnections(), server.close(() => resolve())))
  }
}
