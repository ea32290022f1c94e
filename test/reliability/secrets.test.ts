import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { explainGitFailure } from '../../src/git/errors.js'
import { configEnv, Git, GitError } from '../../src/git/git.js'
import { basicAuthHeader, clearSecrets, registerSecret, scrub } from '../../src/git/secrets.js'
import { mirrorFixture, newToken, type MirrorFixture } from '../support/fixture.js'
import { assertNoSecrets, scanTally, secretForms } from '../support/secrets.js'

describe('scrub', () => {
  beforeEach(() => clearSecrets())

  it('replaces every registered token, every time it occurs', () => {
    const t = newToken()
    registerSecret(t)
    expect(scrub(`token ${t} and again ${t}.`)).toBe('token *** and again ***.')
  })

  it('replaces the Basic credential git sends (base64 of x-access-token:<token>)', () => {
    const t = newToken()
    const header = basicAuthHeader(t)
    const encoded = Buffer.from(`x-access-token:${t}`).toString('base64')
    expect(header).toBe(`AUTHORIZATION: basic ${encoded}`)
    expect(scrub(`> Authorization: Basic ${encoded}\n`)).toBe('> Authorization: Basic ***\n')
  })

  it('removes every encoding git or curl could produce, for any token shape', () => {
    const shapes = [
      newToken(),
      // Installation tokens grow long and may hold dots; other hosts' tokens have their own alphabets.
      `ghs_${'a1B2.c3D4-e5_'.repeat(12)}`,
      'glpat-xY9+zW8/vU7=tS6',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123'
    ]
    for (const t of shapes) {
      clearSecrets()
      registerSecret(t)
      const b64 = (x: string) => Buffer.from(x).toString('base64')
      const texts = [
        t,
        `x-access-token:${t}`,
        encodeURIComponent(t),
        b64(t),
        b64(`:${t}`),
        b64(`x-access-token:${t}`),
        Buffer.from(`oauth2:${t}`).toString('base64url'),
        // The credential inside longer base64 text (a header dump, a trace), at every byte offset.
        ...['', 'u', 'us', 'usr', 'some-user'].map(user => b64(`Authorization: ${user}:${t}\r\n`)),
        `> Authorization: Basic ${b64(`anyone:${t}`)}`
      ]
      for (const raw of texts) {
        const out = scrub(`before ${raw} after`)
        expect(out, `${t} as ${raw}`).toContain('***')
        expect(() => assertNoSecrets([t], { texts: [out] }), `${t} as ${raw}`).not.toThrow()
      }
    }
  })

  it('removes user info from any URL, registered or not', () => {
    const cases: [string, string][] = [
      [
        "fatal: unable to access 'https://x-access-token:ghs_abc123@github.com/o/r.git/': 403",
        "fatal: unable to access 'https://***@github.com/o/r.git/': 403"
      ],
      ['remote: https://ghp_onlytoken@github.com/o/r', 'remote: https://***@github.com/o/r'],
      ['http://user:pa%40ss@127.0.0.1:8080/x.git', 'http://***@127.0.0.1:8080/x.git'],
      ['a HTTPS://User:Secret@Example.com/ b', 'a HTTPS://***@Example.com/ b'],
      [
        'git@github.com:o/r.git and https://github.com/o/r stay as they are',
        'git@github.com:o/r.git and https://github.com/o/r stay as they are'
      ]
    ]
    for (const [raw, want] of cases) expect(scrub(raw)).toBe(want)
  })

  it('scrubs git error lines into one-line messages that name the remote, never the credential', () => {
    const t = newToken('ghs_')
    registerSecret(t)
    const stderr = `error: RPC failed; HTTP 500 curl 22 The requested URL returned error: 500\nfatal: unable to access 'https://x:${t}@github.com/o/r/'`
    const msg = explainGitFailure('fetch', scrub(stderr), {
      url: 'https://github.com/o/r.git',
      display: 'o/r',
      local: false
    })
    expect(msg).toBe('the connection to o/r failed mid-transfer (transient network or server error)')
    const unknown = explainGitFailure('push', scrub(`fatal: something odd about ${t}`))
    expect(unknown).toBe('git push failed: fatal: something odd about ***')
  })
})

describe("git's stderr passes through scrub before any message is made of it", () => {
  let dir: string
  beforeEach(() => {
    clearSecrets()
    dir = mkdtempSync(path.join(os.tmpdir(), 'rm-secrets-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it('a token git echoes in an error never reaches GitError.message or its stderr', async () => {
    const git = await Git.init(dir)
    const t = newToken()
    registerSecret(t)
    const encoded = basicAuthHeader(t).replace('AUTHORIZATION: basic ', '')
    for (const leaked of [t, encoded]) {
      // git repeats the bad name in its error: "fatal: 'refs/heads/<token>' - not a valid ref".
      const err = await git.verifyRef(`refs/heads/${leaked}`).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(GitError)
      const e = err as GitError
      expect(e.message).toMatch(/^git show-ref failed: fatal: 'refs\/heads\/\*\*\*' - not a valid ref$/)
      expect(e.result.stderr).toContain('***')
      for (const f of secretForms(t)) {
        expect(e.message).not.toContain(f)
        expect(e.result.stderr).not.toContain(f)
      }
    }
  })

  it('a URL with credentials in a git error is scrubbed even when the secret was never registered', async () => {
    const git = await Git.init(dir)
    const err = (await git
      .listRemote({
        url: 'http://someone:n0t-registered-s3cret@127.0.0.1:1/x.git',
        display: 'x',
        local: false
      })
      .catch((e: unknown) => e)) as GitError
    expect(err.message).toMatch(/^cannot reach x: /)
    expect(`${err.message}\n${err.result.stderr}`).not.toContain('n0t-registered-s3cret')
  })
})

describe('secrets in whole runs', () => {
  let f: MirrorFixture
  beforeEach(async () => {
    f = await mirrorFixture()
    f.src.commits('main', 2)
  })
  afterEach(async () => f.cleanup())

  it('tokens travel only in the Authorization header, never in a URL', async () => {
    const r = await f.run()
    expect(r.outputs.result).toBe('synced')
    for (const req of f.server.requests) for (const t of f.tokens) expect(req.path).not.toContain(t)
    const sent = new Set(f.server.authHeaders)
    expect(sent).toEqual(
      new Set(f.tokens.map(t => `basic ${Buffer.from(`x-access-token:${t}`).toString('base64')}`))
    )
  })

  it('git traces requested by the workflow (GIT_TRACE_CURL, redaction off) never hold the credential', async () => {
    const traceDir = mkdtempSync(path.join(os.tmpdir(), 'rm-trace-'))
    try {
      const trace = path.join(traceDir, 'curl.trace')
      const r = await f.run(
        {},
        { env: { GIT_TRACE_CURL: trace, GIT_TRACE_REDACT: '0' }, scanDirs: [traceDir] }
      )
      expect(r.outputs.result).toBe('synced')
      const text = readFileSync(trace, 'utf8')
      // The trace is real and did record the header, in its redacted form.
      expect(text).toMatch(/AUTHORIZATION: basic <redacted>/i)
    } finally {
      rmSync(traceDir, { recursive: true, force: true })
    }
  })

  it('trace2 asked to record config and environment (by the workflow or a system gitconfig) never holds the credential', async () => {
    const traceDir = mkdtempSync(path.join(os.tmpdir(), 'rm-trace2-'))
    try {
      const values = Array.from({ length: 6 }, (_, i) => `GIT_CONFIG_VALUE_${i}`).join(',')
      const system = path.join(traceDir, 'system.gitconfig')
      writeFileSync(
        system,
        `[trace2]\n\teventTarget = ${traceDir}/system.event\n\tconfigParams = *\n\tenvVars = ${values}\n`
      )
      const ways: Record<string, string>[] = [
        {
          GIT_TRACE2_EVENT: path.join(traceDir, 'env.event'),
          GIT_TRACE2_CONFIG_PARAMS: '*',
          GIT_TRACE2_ENV_VARS: values
        },
        { GIT_CONFIG_SYSTEM: system }
      ]
      // The control: plain git with the same setup and a header does write the credential there.
      const control = path.join(traceDir, 'control.event')
      spawnSync('git', ['-C', f.src.dir, 'rev-parse', 'HEAD'], {
        env: {
          ...process.env,
          ...ways[0],
          GIT_TRACE2_EVENT: control,
          ...configEnv({ 'http.extraHeader': 'SECRET-HEADER' })
        }
      })
      expect(readFileSync(control, 'utf8')).toContain('SECRET-HEADER')
      rmSync(control)
      for (const env of ways) {
        const r = await f.run(
          {},
          {
            env: {
              ...env,
              GIT_TRACE: path.join(traceDir, 'git.trace'),
              GIT_TRACE_PACKET: path.join(traceDir, 'packet.trace'),
              GIT_CURL_VERBOSE: '1'
            },
            scanDirs: [traceDir]
          }
        )
        expect(r.outputs.result, r.stderr).toMatch(/synced|in-sync/)
      }
      // The traces are real: every git of both runs recorded its events, and GIT_TRACE saw the requests.
      for (const file of ['env.event', 'system.event']) {
        const events = readFileSync(path.join(traceDir, file), 'utf8')
        // Listing (and the delta's fetch) speak through git's HTTP helper.
        expect(events).toMatch(/"event":"start".*"remote-http"/)
        expect(events).toContain('"event":"child_start"')
      }
      expect(readFileSync(path.join(traceDir, 'git.trace'), 'utf8')).toContain('remote-http')
    } finally {
      rmSync(traceDir, { recursive: true, force: true })
    }
  })

  it('a failing run (wrong token) neither prints nor stores the token it was given', async () => {
    const wrong = newToken()
    const r = await f.run({ 'target-token': wrong }, { secrets: [wrong] })
    expect(r.outputs.result).toBe('failed')
    expect(r.report!.error).toMatch(/^authentication to .* failed/)
  })

  it('the leak scan itself finds a planted token in any of its forms', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rm-plant-'))
    try {
      const t = newToken()
      for (const form of secretForms(t)) {
        expect(() => assertNoSecrets([t], { texts: [`log line ${form} here`] })).toThrow(
          /secret found in captured output/
        )
      }
      expect(() => assertNoSecrets([t], { texts: [`::add-mask::${t}`] })).not.toThrow()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

afterAll(() => {
  console.log(
    `secret scans in this file: ${scanTally.scans} scans, ${scanTally.files} files (${scanTally.fileLines} lines), ${scanTally.logLines} log lines`
  )
})

describe('the leak scan knows every form of a token', () => {
  it('finds the Basic credential inside a larger base64 text, at any offset', () => {
    const t = newToken()
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const blob = Buffer.from(`${prefix}Authorization: x-access-token:${t} trailing`).toString('base64')
      expect(() => assertNoSecrets([t], { texts: [blob] }), `offset ${prefix.length}`).toThrow(/secret found/)
    }
    // …and does not cry wolf on text without it.
    expect(() =>
      assertNoSecrets([t], { texts: [Buffer.from(`x-access-token:${newToken()}`).toString('base64')] })
    ).not.toThrow()
  })
})
