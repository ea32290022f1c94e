import type { ChildProcessByStdio } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import type { Git } from '../git/git.js'
import { httpScheme, type Remote } from '../git/remote.js'
import { hexLength, v2Command } from '../git/pkt-line.js'
import { scrub } from '../git/secrets.js'

/** One protocol v2 `fetch` request: what to send, what the other side has, which objects to leave out. */
export interface PackRequest {
  wants: string[]
  haves?: string[]
  /** e.g. `tree:0`: each wanted tree without its subtrees (needs the server's `filter` capability). */
  filter?: string
  /** Commits from each want: 1 for the wanted commits alone (their shallow boundary is not recorded). */
  deepen?: number
}

/** Reads git's standard output as it arrives: lines (the helper's answers) and pkt-lines. */
class Reader {
  private buf: Buffer = Buffer.alloc(0)
  private wake?: () => void
  private ended?: Error

  constructor(stream: Readable) {
    stream.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d])
      this.wake?.()
    })
    stream.on('close', () => {
      this.ended ??= new Error('the connection ended early')
      this.wake?.()
    })
  }

  end(err: Error): void {
    this.ended ??= err
    this.wake?.()
  }

  private async need(n: number): Promise<void> {
    while (this.buf.length < n) {
      if (this.ended) throw this.ended
      await new Promise<void>(resolve => (this.wake = resolve))
      this.wake = undefined
    }
  }

  async line(): Promise<string> {
    for (;;) {
      const nl = this.buf.indexOf(10)
      if (nl >= 0) {
        const line = this.buf.subarray(0, nl).toString()
        this.buf = this.buf.subarray(nl + 1)
        return line
      }
      await this.need(this.buf.length + 1)
    }
  }

  /** The next pkt-line: its payload, or the special packet's number (0 flush, 1 delimiter, 2 end). */
  async packet(): Promise<Buffer | number> {
    await this.need(4)
    const len = hexLength(this.buf, 0)
    if (len < 0) throw new Error('the server answered outside the protocol')
    if (len < 4) {
      this.buf = this.buf.subarray(4)
      return len
    }
    await this.need(len)
    const body = this.buf.subarray(4, len)
    this.buf = this.buf.subarray(len)
    return body
  }
}

/**
 * A protocol v2 conversation with a remote's upload-pack, carried by git's own HTTP helper
 * (`git remote-https`, the way `git fetch` reaches a v2 server), so credentials, proxies and TLS
 * settings are git's as always. Speaking the protocol directly lets a run ask for exactly what it
 * needs where `git fetch` offers no option: haves the work repository does not hold (the target's
 * tips), no thin pack, single trees by id.
 */
export class UploadPack {
  private stderr = ''

  private constructor(
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    private readonly reader: Reader,
    /** The server's capabilities, e.g. `fetch=shallow wait-for-done filter`. */
    readonly capabilities: string[]
  ) {
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()))
  }

  /** Opens a conversation, or undefined when the remote is not smart HTTP(S) speaking protocol v2. */
  static async open(git: Git, remote: Remote): Promise<UploadPack | undefined> {
    const scheme = httpScheme(remote)
    if (!scheme) return undefined
    const child = await git.remoteHelper(remote, scheme)
    const reader = new Reader(child.stdout)
    child.on('error', err => reader.end(err))
    // A helper that died answers a write with EPIPE: the read that waits for it reports the end.
    child.stdin.on('error', err => reader.end(err))
    const session = new UploadPack(child, reader, [])
    try {
      child.stdin.write('stateless-connect git-upload-pack\n')
      // The helper answers an empty line when the server speaks v2, "fallback" otherwise.
      if ((await reader.line()) !== '') return session.close()
      const first = await reader.packet()
      if (!(first instanceof Buffer) || first.toString().trim() !== 'version 2') return session.close()
      for (let p = await reader.packet(); p instanceof Buffer; p = await reader.packet())
        session.capabilities.push(p.toString().trim())
      return session
    } catch {
      return session.close()
    }
  }

  /** Whether the server serves partial fetches (`filter`), as GitHub does. */
  get filters(): boolean {
    return this.capabilities.some(c => /^fetch=.*\bfilter\b/.test(c))
  }

  /** Sends several fetch requests at once and returns their packs, in order. */
  async fetch(requests: PackRequest[]): Promise<Buffer[]> {
    return (await this.fetchShallow(requests)).map(r => r.pack)
  }

  /** Like fetch, with each answer's shallow boundary (commits sent without their parents). */
  async fetchShallow(requests: PackRequest[]): Promise<{ pack: Buffer; shallow: string[] }[]> {
    for (const r of requests) this.child.stdin.write(this.encode(r))
    const packs: { pack: Buffer; shallow: string[] }[] = []
    try {
      for (let i = 0; i < requests.length; i++) packs.push(await this.receive())
    } catch (err) {
      const said = scrub(this.stderr.trim())
      throw new Error(`${(err as Error).message}${said ? `: ${said}` : ''}`, { cause: err })
    }
    return packs
  }

  private encode(r: PackRequest): Buffer {
    const args = [
      // No thin-pack: the pack must stand alone, its delta bases are not here.
      'ofs-delta',
      'no-progress',
      ...(r.filter ? [`filter ${r.filter}`] : []),
      ...(r.deepen ? [`deepen ${r.deepen}`] : []),
      ...[...new Set(r.wants)].map(id => `want ${id}`),
      ...[...new Set(r.haves ?? [])].map(id => `have ${id}`),
      'done'
    ]
    return v2Command('fetch', this.capabilities, args)
  }

  /** Reads one response: sections up to `packfile`, then the pack's side-band stream. */
  private async receive(): Promise<{ pack: Buffer; shallow: string[] }> {
    const pack: Buffer[] = []
    const shallow: string[] = []
    let inPack = false
    for (;;) {
      const p = await this.reader.packet()
      if (p === 2) break
      if (!(p instanceof Buffer)) continue
      if (!inPack) {
        const text = p.toString()
        if (text.startsWith('ERR ')) throw new Error(`the server refused: ${text.slice(4).trim()}`)
        if (text === 'packfile\n') inPack = true
        const boundary = /^shallow ([0-9a-f]{40,64})$/.exec(text.trim())
        if (boundary) shallow.push(boundary[1]!)
        continue
      }
      if (p[0] === 1) pack.push(p.subarray(1))
      else if (p[0] === 3) throw new Error(`the server failed: ${p.subarray(1).toString().trim()}`)
    }
    if (!inPack) throw new Error('the server sent no pack')
    return { pack: Buffer.concat(pack), shallow }
  }

  close(): undefined {
    this.child.stdin.end()
    this.child.kill()
    return undefined
  }
}
