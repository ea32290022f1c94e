import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { POST_ENTRY, runAction } from '../support/action.js'
import { holdAt, is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import type { RequestInfo } from '../support/git-http-server.js'
import { makeKey, startSshd, type KeyPair, type SshServer } from '../support/sshd.js'

let f: MirrorFixture
let sshd: SshServer
let srcKey: KeyPair
let dstKey: KeyPair
let before: (r: RequestInfo) => Promise<void> | void
const extraDirs: string[] = []

beforeEach(async () => {
  before = () => undefined
  f = await mirrorFixture({ server: { before: r => before(r) } })
  sshd = await startSshd(f.root)
  srcKey = makeKey()
  dstKey = makeKey()
  sshd.authorize(srcKey, { readOnly: true })
  sshd.authorize(dstKey)
})
afterEach(async () => {
  await sshd.close()
  await f.cleanup()
  for (const d of extraDirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** Both sides over SSH, each with its own deploy key, the test server's host key pinned. */
const overSsh = (extra: Record<string, string> = {}) => ({
  'source-repo': sshd.repoUrl('src.git'),
  'target-repo': sshd.repoUrl('dst.git'),
  'source-token': '',
  'target-token': '',
  'source-ssh-key': srcKey.privateKey,
  'target-ssh-key': dstKey.privateKey,
  'ssh-known-hosts': sshd.knownHostsLine,
  branches: '**',
  ...extra
})

const hostSpec = () => `[127.0.0.1]:${sshd.port}`

describe('SSH deploy keys with pinned host keys, through the real entry and a real sshd', () => {
  it('mirrors branches and tags SSH → SSH, each side with its own key; the keys are gone after the run', async () => {
    const tip = f.src.commits('main', 3)
    f.src.commits('dev', 1)
    f.src.tag('v1', tip, true)
    const run = await f.run(overSsh())
    expect(run.code, run.stdout).toBe(0)
    expect(run.outputs.result).toBe('synced')
    expect(f.dst.refs()).toEqual(f.src.refs())
    // The source's read-only key only read; the target's key pushed; nothing went over HTTP.
    expect(sshd.commands()).toContain("git-upload-pack '/src.git'")
    expect(sshd.commands()).toContain("git-receive-pack '/dst.git'")
    expect(f.server.requests).toEqual([])
    // The log names each key by its public fingerprint, never by its content.
    expect(run.stdout).toMatch(/source: SSH key SHA256:\S+ \(ssh-ed25519\) for \S+@\[127\.0\.0\.1\]:\d+/)
    // fixture.run has already checked no repo-mirror-* directory (the key's included) is left.
    expect(run.scan.files).toBeGreaterThan(0)
  })

  it('mixed transports: HTTPS source to SSH target, then SSH source to HTTPS target', async () => {
    const first = f.src.commits('main', 2)
    const a = await f.run({
      'target-repo': sshd.repoUrl('dst.git'),
      'target-token': '',
      'target-ssh-key': dstKey.privateKey,
      'ssh-known-hosts': sshd.knownHostsLine
    })
    expect(a.code, a.stdout).toBe(0)
    expect(f.dst.sha('refs/heads/main')).toBe(first)
    expect(f.server.requests.every(r => r.repo === 'src.git' && r.service === 'upload-pack')).toBe(true)

    const second = f.src.commits('main', 2, 'more')
    f.server.resetCounters()
    const b = await f.run({
      'source-repo': sshd.repoUrl('src.git'),
      'source-token': '',
      'source-ssh-key': srcKey.privateKey,
      'ssh-known-hosts': sshd.knownHostsLine
    })
    expect(b.code, b.stdout).toBe(0)
    expect(b.report!.refs[0]).toMatchObject({
      ref: 'refs/heads/main',
      status: 'fast-forward',
      result: 'applied'
    })
    expect(f.dst.sha('refs/heads/main')).toBe(second)
    expect(f.server.requests.some(r => r.repo === 'dst.git' && r.service === 'receive-pack')).toBe(true)
  })

  it('a host key that does not match the pinned one stops the run before anything is sent', async () => {
    f.src.commits('main', 2)
    const impostor = `${hostSpec()} ${makeKey().publicKey.split(' ').slice(0, 2).join(' ')}`
    const run = await f.run(overSsh({ 'ssh-known-hosts': impostor }))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.stdout).toMatch(
      /the SSH host key of ssh:\/\/\S+@127\.0\.0\.1:\d+\/(src|dst)\.git \(SHA256:\S+\) does not match the key pinned in ssh-known-hosts/
    )
    // ssh refused before authenticating: no git command reached the server, the target is untouched.
    expect(sshd.commands()).toEqual([])
    expect(f.dst.refs()).toEqual({})
  })

  it('a host with no pinned key stops the run before connecting, naming the host and what to add', async () => {
    f.src.commits('main', 2)
    const run = await f.run(overSsh({ 'ssh-known-hosts': '' }))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(`no SSH host key is pinned for ${hostSpec()}`)
    expect(run.stdout).toContain(
      `add its line to ssh-known-hosts, e.g. the output of 'ssh-keyscan -p ${sshd.port} 127.0.0.1'`
    )
    expect(sshd.commands()).toEqual([])
    expect(f.dst.refs()).toEqual({})
  })

  it('a key the host does not know is refused with a clear error; the target is untouched', async () => {
    f.src.commits('main', 2)
    const run = await f.run(overSsh({ 'source-ssh-key': makeKey().privateKey }))
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(
      /ssh:\/\/\S+\/src\.git refused the SSH key \(Permission denied \(publickey\)\): add the key's public half as a deploy key/
    )
    expect(f.dst.refs()).toEqual({})
  })

  it('a read-only deploy key on the target: every ref fails with the reason, nothing is written', async () => {
    f.src.commits('main', 2)
    // The source's key is the read-only one: it can list the target but not push to it.
    const run = await f.run(overSsh({ 'target-ssh-key': srcKey.privateKey }))
    expect(run.code).toBe(1)
    expect(run.report!.refs[0]).toMatchObject({ ref: 'refs/heads/main', result: 'failed' })
    expect(run.report!.refs[0]!.message).toMatch(
      /the SSH deploy key of ssh:\/\/\S+\/dst\.git is read-only: allow write access/
    )
    expect(sshd.commands()).toContain("git-receive-pack '/dst.git'")
    // A refusal, not a network blip: pushed once, never retried.
    expect(sshd.commands().filter(c => c.startsWith('git-receive-pack'))).toHaveLength(1)
    expect(f.dst.refs()).toEqual({})
  })

  it('a key with a passphrase is refused up front with what to do instead', async () => {
    f.src.commits('main', 1)
    const locked = makeKey({ passphrase: 'correct horse battery staple' })
    const run = await f.run(overSsh({ 'target-ssh-key': locked.privateKey }))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain('target-ssh-key is protected by a passphrase')
    expect(run.stdout).toContain("ssh-keygen -t ed25519 -N ''")
    expect(sshd.commands()).toEqual([])
    expect(f.dst.refs()).toEqual({})
  })

  it('an RSA key in PEM form, pasted on one line with \\n escapes, works too', async () => {
    const rsa = makeKey({ type: 'rsa', pem: true })
    sshd.authorize(rsa)
    const tip = f.src.commits('main', 1)
    const run = await f.run(overSsh({ 'target-ssh-key': rsa.privateKey.trim().replace(/\n/g, '\\n') }))
    expect(run.code, run.stdout).toBe(0)
    expect(run.stdout).toMatch(/target: SSH key SHA256:\S+ \(ssh-rsa\)/)
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
  })

  it('SIGKILL mid-run: the post step removes the key directory the run could not', async () => {
    f.src.commits('main', 2)
    const hold = holdAt(is.fetch('src.git'))
    before = hold.before
    const runnerTemp = mkdtempSync(path.join(os.tmpdir(), 'rm-runner-'))
    extraDirs.push(runnerTemp)
    const inputs = {
      'target-repo': sshd.repoUrl('dst.git'),
      'target-token': '',
      'target-ssh-key': dstKey.privateKey,
      'ssh-known-hosts': sshd.knownHostsLine
    }
    // HTTPS source held mid-fetch, so the run is killed while the target's key is on disk.
    const run = await f.run(inputs, {
      runnerTemp,
      killOn: hold.held,
      killSignal: 'SIGKILL',
      keepWorkDirs: true,
      killedWithKeys: true
    })
    expect(run.signal).toBe('SIGKILL')
    const left = () => readdirSync(runnerTemp).filter(n => n.startsWith('repo-mirror-ssh-'))
    expect(left()).toHaveLength(1)
    expect(readdirSync(path.join(runnerTemp, left()[0]!)).sort()).toEqual(['known_hosts', 'target_key'])
    hold.release()
    const post = await runAction(f.inputs(inputs), {
      entry: POST_ENTRY,
      runnerTemp,
      secrets: f.tokens,
      scanDirs: [f.root]
    })
    expect(post.code).toBe(0)
    expect(left()).toEqual([])
  })
})

describe('HTTPS user names for other hosts', () => {
  it('sends each side its own user name with its token, as GitLab (oauth2) and Bitbucket (x-token-auth) expect', async () => {
    const tip = f.src.commits('main', 2)
    const run = await f.run({ 'source-username': 'oauth2', 'target-username': 'x-token-auth' })
    expect(run.code, run.stdout).toBe(0)
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
    const sent = new Set(
      f.server.authHeaders.map(h => Buffer.from(h.replace(/^basic /i, ''), 'base64').toString('utf8'))
    )
    expect(sent).toEqual(new Set([`oauth2:${f.srcToken}`, `x-token-auth:${f.dstToken}`]))
  })
})
