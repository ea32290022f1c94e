import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'

/**
 * git allows any character but ASCII controls in a ref name, Unicode whitespace included (line and
 * paragraph separators, no-break and ideographic spaces). Such refs are listed, mirrored, reported
 * and pruned like any other.
 */
const BRANCHES = ['line\u2028sep', 'para\u2029sep', 'no\u00a0break', 'wide\u3000space', 'next\u0085line']
const TAG = 'v1\u20282'
const STALE = 'gone\u2028branch'

let f: MirrorFixture
beforeEach(async () => {
  f = await mirrorFixture()
  f.src.commits('main', 1)
})
afterEach(async () => f.cleanup())

describe('ref names with Unicode whitespace', () => {
  it('are mirrored, reported, and pruned with a backup', async () => {
    const tips = BRANCHES.map(b => f.src.commits(b, 2, b))
    f.src.tag(TAG, tips[0]!, true)
    const stale = f.dst.commit(STALE, 'only in the target')

    const r = await f.run({ branches: '**', tags: '**', prune: 'true' })
    expect(r.outputs.result, r.stdout).toBe('synced')
    BRANCHES.forEach((b, i) => expect(f.dst.sha(`refs/heads/${b}`), JSON.stringify(b)).toBe(tips[i]))
    expect(f.dst.sha(`refs/tags/${TAG}`)).toBe(f.src.sha(`refs/tags/${TAG}`))
    expect(f.dst.sha(`refs/heads/${STALE}`)).toBeUndefined()

    const byRef = new Map(r.report!.refs.map(x => [x.ref, x]))
    for (const b of BRANCHES) expect(byRef.get(`refs/heads/${b}`)?.action, JSON.stringify(b)).toBe('create')
    expect(byRef.get(`refs/tags/${TAG}`)?.action).toBe('create')
    const pruned = byRef.get(`refs/heads/${STALE}`)!
    expect(pruned.action).toBe('delete')
    expect(pruned.result).toBe('applied')
    expect(f.dst.sha(pruned.backupRef!)).toBe(stale)
    expect(r.outputs.updated).toBe(String(BRANCHES.length + 3))

    // The summary names each one, its invisible characters made visible.
    expect(r.summary).toContain('line\\u{2028}sep')
    expect(r.summary).toContain('no\\u{a0}break')
    expect(r.summary).toContain('gone\\u{2028}branch')
    expect(r.summary).not.toContain('\u2028')

    // A second run finds them all in sync.
    const again = await f.run({ branches: '**', tags: '**', prune: 'true' })
    expect(again.outputs.result).toBe('in-sync')
  })
})

describe('remote text in the summary', () => {
  it('bare URLs, www. hosts, e-mail addresses and @mentions a server sends become neither links nor pings', async () => {
    // A server that answers every listing with an error packet of its own words.
    const words =
      'see https://evil.example/login, www.evil.example or admin@evil.example; cc @octocat @org/team'
    const pkt = (s: string) => `${(s.length + 4).toString(16).padStart(4, '0')}${s}`
    const server = http.createServer((req, res) => {
      req.resume()
      res
        .writeHead(200, { 'Content-Type': 'application/x-git-upload-pack-advertisement' })
        .end(`${pkt('# service=git-upload-pack\n')}0000${pkt(`ERR ${words}\n`)}`)
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/up.git`
      const r = await f.run({ 'source-repo': url, 'source-token': '' })
      expect(r.outputs.result).toBe('failed')
      // The server's words reached the report as they were…
      expect(r.report!.error).toContain(words)
      // …and the summary shows them, with every link and mention broken.
      expect(r.summary).toContain('> **Error:**')
      for (const live of ['https://evil', 'www.evil', 'admin@evil', '@octocat', '@org/team'])
        expect(r.summary).not.toContain(live)
      expect(r.summary).toContain('https:/&#8203;/evil.example/login')
      expect(r.summary).toContain('@&#8203;octocat')
    } finally {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  })
})
