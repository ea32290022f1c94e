import { spawn } from 'node:child_process'
import type { GitResult } from './git.js'
import { hexLength, packets, v2Command } from './pkt-line.js'

export interface LsRefsCall {
  scheme: 'http' | 'https'
  url: string
  /** The server sends only refs under these (`HEAD` included: git 2.39's ls-remote cannot ask for it alone). */
  prefixes: string[]
  /** Symbolic refs name their target: where HEAD points. */
  symrefs: boolean
  cwd: string
  env: Record<string, string>
}

/** The server does not speak protocol v2 through the helper: `git ls-remote` has to list it. */
export const FALLBACK = 'fallback'

/**
 * The capability advertisement that opens a stateless connection: the helper's empty line, then
 * `version 2`, one capability per packet, a flush. undefined while incomplete; FALLBACK for any
 * other answer.
 */
function advertisement(buf: Buffer): { capabilities: string[]; end: number } | typeof FALLBACK | undefined {
  const nl = buf.indexOf(10)
  if (nl < 0) return undefined
  if (nl !== 0) return FALLBACK
  const capabilities: string[] = []
  for (const { payload, end } of packets(buf, 1)) {
    if (payload === 0)
      return capabilities[0] === 'version 2' ? { capabilities: capabilities.slice(1), end } : FALLBACK
    if (typeof payload === 'number') return FALLBACK
    capabilities.push(payload.toString().trim())
  }
  return undefined
}

/**
 * An `ls-refs` answer in `git ls-remote --symref`'s format (`<id>TAB<ref>`, and `ref: <target>TAB<ref>`
 * before a symbolic ref), so that one parser reads both; undefined when it is not a complete answer.
 * One pass over the bytes, decoded once at the end: 20,000 refs are 20,000 packets, and a Buffer or
 * string made for each would cost more than the listing's transfer.
 */
function asLsRemote(buf: Buffer): string | undefined {
  // Each line is at most its packet (a 4-byte header dropped, a tab and a newline in place of a
  // space and a newline); a symbolic ref's extra line at most that again.
  const text = Buffer.allocUnsafe(buf.length * 2)
  let n = 0
  for (let at = 0; at + 4 <= buf.length;) {
    const len = hexLength(buf, at)
    if (len === 0) return text.toString('utf8', 0, n)
    if (len < 4 || at + len > buf.length) return undefined
    const start = at + 4
    at += len
    // `<id> <ref>[ <attribute>]…`: a ref name has no space; the server's bytes are taken as git takes them.
    const end = buf[at - 1] === 10 ? at - 1 : at
    let sp = start
    while (sp < end && buf[sp] !== 32) sp++
    let nameEnd = sp + 1
    while (nameEnd < end && buf[nameEnd] !== 32) nameEnd++
    if (sp >= end || (sp - start === 3 && buf.toString('latin1', start, sp) === 'ERR')) return undefined
    if (nameEnd < end)
      for (const attr of buf.toString('utf8', nameEnd + 1, end).split(' '))
        if (attr.startsWith('symref-target:'))
          n += text.write(
            `ref: ${attr.slice('symref-target:'.length)}\t${buf.toString('utf8', sp + 1, nameEnd)}\n`,
            n
          )
    for (let i = start; i < nameEnd; i++) text[n++] = buf[i]!
    text[n - nameEnd + sp] = 9
    text[n++] = 10
  }
  return undefined
}

/**
 * Lists a smart HTTP(S) remote's refs with protocol v2 `ls-refs`, spoken through git's own helper
 * (`git remote-https`, as `git ls-remote` itself does), so credentials, proxies and TLS are git's.
 * One git process instead of ls-remote's two, the answer read in large chunks instead of a packet at
 * a time, and no peeled tags asked for (nothing here reads them). The helper's own failure (refused,
 * not found, unreachable) is the result, in the words ls-remote would print; anything else
 * unexpected is FALLBACK, so that git itself has the last word.
 */
export function lsRefs(call: LsRefsCall): Promise<GitResult | typeof FALLBACK> {
  return new Promise(resolve => {
    const child = spawn('git', [`remote-${call.scheme}`, call.url, call.url], {
      cwd: call.cwd,
      env: call.env,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let asked = false
    let fallback = false
    child.stdout.on('data', (d: Buffer) => {
      out.push(d)
      if (asked || fallback) return
      const buf = Buffer.concat(out)
      const opened = advertisement(buf)
      if (opened === undefined) return
      if (opened === FALLBACK || !opened.capabilities.some(c => /^ls-refs(=|$)/.test(c))) {
        fallback = true
        child.stdin.end()
        return
      }
      asked = true
      out.splice(0, out.length, buf.subarray(opened.end))
      const args = [...(call.symrefs ? ['symrefs'] : []), ...call.prefixes.map(p => `ref-prefix ${p}`)]
      // One request, then the end of input: the helper relays the answer, then exits.
      child.stdin.end(v2Command('ls-refs', opened.capabilities, args))
    })
    child.stderr.on('data', (d: Buffer) => err.push(d))
    // The helper may exit before reading what was written: its exit status tells why.
    child.stdin.on('error', () => {})
    let settled = false
    const settle = (r: GitResult | typeof FALLBACK) => {
      if (!settled) resolve(r)
      settled = true
    }
    child.on('error', e => settle({ code: -1, stdout: '', stderr: e.message }))
    child.on('close', code => {
      const stderr = Buffer.concat(err).toString('utf8')
      // A git without the HTTP helper (built without curl) still has ls-remote's own answer.
      if (fallback || / is not a git command/.test(stderr)) return settle(FALLBACK)
      if (code !== 0) return settle({ code: code ?? -1, stdout: '', stderr })
      const listing = asked ? asLsRemote(Buffer.concat(out)) : undefined
      if (listing !== undefined) return settle({ code: 0, stdout: listing, stderr })
      // The request failed on its way (e.g. "RPC failed; HTTP 500"): the helper said why, as it
      // would have under ls-remote.
      settle(asked && stderr.trim() ? { code: 128, stdout: '', stderr } : FALLBACK)
    })
    child.stdin.write('stateless-connect git-upload-pack\n')
  })
}
