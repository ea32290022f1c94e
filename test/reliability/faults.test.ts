import { chmodSync, existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backoffDelay } from '../../src/git/retry.js'
import { annotations, FAST_RETRY, faultFor, is } from '../support/faults.js'
import { mirrorFixture, type MirrorFixture } from '../support/fixture.js'
import type { Fault, RequestInfo } from '../support/git-http-server.js'

let f: MirrorFixture
let fault: (r: RequestInfo) => Fault
let tip: string
let tag: string

beforeEach(async () => {
  fault = () => undefined
  f = await mirrorFixture({ server: { fault: r => fault(r) } })
  tip = f.src.commits('main', 3)
  tag = f.src.tag('v1', tip, true)
})
afterEach(async () => f.cleanup())

const run = (inputs: Record<string, string> = {}) => f.run(inputs, { env: FAST_RETRY })
const count = (match: (r: RequestInfo) => boolean) => f.server.requests.filter(match).length
const retryWarnings = (stdout: string) => annotations(stdout, 'warning').filter(w => /retrying/.test(w))

/** The target holds exactly the source's main and v1: nothing lost, nothing extra. */
function expectMirrored() {
  expect(f.dst.refs()).toEqual({ 'refs/heads/main': tip, 'refs/tags/v1': tag })
}

describe('backoff', () => {
  it('doubles from the base and stops at the cap', () => {
    const t = { baseMs: 100, capMs: 1000 }
    expect([0, 1, 2, 3, 4, 5, 60].map(a => backoffDelay(a, t))).toEqual([
      100, 200, 400, 800, 1000, 1000, 1000
    ])
  })
})

describe('transient faults are retried and the mirror completes', () => {
  // A POST dropped on a reused keep-alive connection is re-sent once by curl inside git, unseen:
  // those faults are injected twice so that git itself fails and our retry has to act.
  const cases: {
    name: string
    match: (r: RequestInfo) => boolean
    fault: Fault
    times: number
    what: RegExp
  }[] = [
    {
      name: 'listing the source: advertisement answers 500',
      match: is.advert('src.git'),
      fault: '500',
      times: 1,
      what: /^list /
    },
    {
      name: 'listing the target: advertisement drops the connection',
      match: is.advert('dst.git'),
      fault: 'drop',
      times: 1,
      what: /^list /
    },
    {
      name: 'listing the source: ls-refs answers 500',
      match: is.lsRefs('src.git'),
      fault: '500',
      times: 1,
      what: /^list /
    },
    {
      name: 'fetch: drops the connection',
      match: is.fetch('src.git'),
      fault: 'drop',
      times: 2,
      what: /^fetch from /
    },
    { name: 'fetch: answers 500', match: is.fetch('src.git'), fault: '500', times: 1, what: /^fetch from / },
    {
      name: 'fetch: served, but the answer is lost',
      match: is.fetch('src.git'),
      fault: 'drop-after-body',
      times: 2,
      what: /^fetch from /
    },
    {
      name: 'push: advertisement answers 500',
      match: is.pushAdvert('dst.git'),
      fault: '500',
      times: 1,
      what: /^push to /
    },
    {
      name: 'push: answers 500 before touching refs',
      match: is.push('dst.git'),
      fault: '500',
      times: 1,
      what: /^push to /
    },
    {
      name: 'push: drops the connection before touching refs',
      match: is.push('dst.git'),
      fault: 'drop',
      times: 2,
      what: /^push to /
    }
  ]
  for (const c of cases) {
    it(c.name, async () => {
      const injected = faultFor(c.match, c.fault, c.times)
      fault = injected
      const r = await run()
      expect(injected.state.faulted).toBe(c.times)
      expect(r.code).toBe(0)
      expect(r.outputs.result).toBe('synced')
      const warnings = retryWarnings(r.stdout)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(c.what)
      expect(warnings[0]).toMatch(
        /failed mid-transfer \(transient network or server error\); retrying .*in 10 ms \(1\/3\)$/
      )
      expect(r.report!.refs.map(x => [x.ref, x.result, x.targetAfter])).toEqual([
        ['refs/heads/main', 'applied', tip],
        ['refs/tags/v1', 'applied', tag]
      ])
      expectMirrored()
    })
  }

  it('backs off exponentially up to the cap across repeated failures', async () => {
    fault = faultFor(is.fetch('src.git'), '500', 3)
    const r = await f.run({}, { env: { REPO_MIRROR_RETRY_BASE_MS: '10', REPO_MIRROR_RETRY_CAP_MS: '25' } })
    expect(r.outputs.result).toBe('synced')
    const delays = retryWarnings(r.stdout).map(w => /in (\d+) ms \((\d)\/3\)/.exec(w)!.slice(1).join('@'))
    expect(delays).toEqual(['10@1', '20@2', '25@3'])
    expect(count(is.fetch('src.git'))).toBe(4) // three refused, the fourth served
    expectMirrored()
  })
})

describe('pushes whose answer is lost are reported as they landed', () => {
  it('refs that landed are confirmed by re-reading the target, not pushed again', async () => {
    fault = faultFor(is.push('dst.git'), 'drop-after-body', 2)
    const r = await run()
    expect(r.outputs.result).toBe('synced')
    expect(count(is.pushAdvert('dst.git'))).toBe(1) // one git push: nothing of ours was retried
    expect(r.report!.refs.map(x => [x.ref, x.result, x.targetAfter])).toEqual([
      ['refs/heads/main', 'applied', tip],
      ['refs/tags/v1', 'applied', tag]
    ])
    for (const x of r.report!.refs) expect(x.message).toMatch(/landed; .*confirmed by re-reading the target/)
    expect(retryWarnings(r.stdout)).toEqual([])
    expectMirrored()
  })

  it('a partly applied push: landed refs are applied, the refused one is reported as the target holds it', async () => {
    // The target refuses one branch (a server-side hook), and the push's answer is lost.
    f.src.commits('blocked', 1)
    const hook = path.join(f.dst.dir, 'hooks', 'update')
    writeFileSync(
      hook,
      '#!/bin/sh\ncase "$1" in refs/heads/blocked) echo "blocked is frozen" >&2; exit 1;; esac\nexit 0\n'
    )
    chmodSync(hook, 0o755)
    fault = faultFor(is.push('dst.git'), 'drop-after-body', 2)
    const r = await run({ branches: 'main, blocked' })
    expect(r.outputs.result).toBe('failed')
    expect(r.code).toBe(1)
    const byRef = Object.fromEntries(r.report!.refs.map(x => [x.ref, x]))
    expect(byRef['refs/heads/main']).toMatchObject({ result: 'applied', targetAfter: tip })
    expect(byRef['refs/tags/v1']).toMatchObject({ result: 'applied', targetAfter: tag })
    expect(byRef['refs/heads/blocked']).toMatchObject({
      result: 'rejected',
      targetBefore: null,
      targetAfter: null
    })
    expect(byRef['refs/heads/blocked']!.message).toMatch(/^the target refused it/)
    expect(r.report!.counts).toMatchObject({ created: 2, failed: 1 })
    expectMirrored()
    expect(annotations(r.stdout, 'error')).toEqual([
      expect.stringMatching(/^refs\/heads\/blocked: the target refused it/)
    ])
  })

  it('a backup push whose answer is lost is confirmed before the forced update goes ahead', async () => {
    // The target diverged: force saves its tip first, and that push's answer is lost.
    f.dst.copyFrom(f.src)
    const old = f.dst.commit('main', 'only in target')
    tip = f.src.commit('main', 'only in source')
    fault = faultFor(is.push('dst.git'), 'drop-after-body', 2)
    const r = await run({ force: 'true' })
    expect(r.outputs.result).toBe('synced')
    const main = r.report!.refs.find(x => x.ref === 'refs/heads/main')!
    expect(main).toMatchObject({
      action: 'force-update',
      result: 'applied',
      targetBefore: old,
      targetAfter: tip
    })
    expect(f.dst.sha(main.backupRef!)).toBe(old)
    expect(f.dst.sha('refs/heads/main')).toBe(tip)
    expect(count(is.pushAdvert('dst.git'))).toBe(2) // the backup once, the update once: no blind retry
  })
})

describe('permanent faults end in a clear error, with the report written', () => {
  it('fetch keeps failing: gives up after the retries, nothing written, report lists every ref', async () => {
    fault = faultFor(is.fetch('src.git'), '500', Infinity)
    const before = f.dst.refs()
    const r = await run({ retries: '2' })
    expect(r.code).toBe(1)
    expect(r.outputs.result).toBe('failed')
    expect(count(is.fetch('src.git'))).toBe(3)
    expect(retryWarnings(r.stdout)).toHaveLength(2)
    const errors = annotations(r.stdout, 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /^the connection to http:\/\/127\.0\.0\.1:\d+\/src\.git failed mid-transfer .*; gave up after 2 retries$/
    )
    expect(existsSync(r.outputs['report-path']!)).toBe(true)
    expect(r.report!.error).toBe(errors[0])
    expect(r.report!.refs).toEqual([])
    expect(count(is.push('dst.git'))).toBe(0)
    expect(f.dst.refs()).toEqual(before)
  })

  it('push keeps failing: every ref failed, with the target re-read as it stands', async () => {
    f.dst.copyFrom(f.src, ['+refs/heads/main:refs/heads/main'])
    f.dst.deleteRef('refs/tags/v1') // fetch followed the tag; this target must lack it
    const base = f.dst.sha('refs/heads/main')!
    tip = f.src.commit('main', 'new in source')
    fault = faultFor(is.push('dst.git'), 'drop', Infinity)
    const r = await run({ retries: '2' })
    expect(r.code).toBe(1)
    expect(r.outputs.result).toBe('failed')
    expect(count(is.pushAdvert('dst.git'))).toBe(3) // three git pushes: the first and two retries
    expect(existsSync(r.outputs['report-path']!)).toBe(true)
    const byRef = Object.fromEntries(r.report!.refs.map(x => [x.ref, x]))
    expect(byRef['refs/heads/main']).toMatchObject({
      action: 'update',
      result: 'failed',
      targetBefore: base,
      targetAfter: base
    })
    expect(byRef['refs/tags/v1']).toMatchObject({ action: 'create', result: 'failed', targetAfter: null })
    expect(byRef['refs/heads/main']!.message).toMatch(/failed mid-transfer .*; gave up after 2 retries$/)
    expect(annotations(r.stdout, 'error')).toHaveLength(1)
    expect(annotations(r.stdout, 'error')[0]).toMatch(
      /refs\/heads\/main: the connection to .* failed mid-transfer/
    )
    expect(f.dst.refs()).toEqual({ 'refs/heads/main': base })
  })

  it('retries=0: one failure is final, no retry', async () => {
    const injected = faultFor(is.fetch('src.git'), '500', 1)
    fault = injected
    const r = await run({ retries: '0' })
    expect(r.outputs.result).toBe('failed')
    expect(injected.state.hits).toBe(1)
    expect(retryWarnings(r.stdout)).toEqual([])
    expect(r.report!.error).toMatch(/failed mid-transfer/)
    expect(r.report!.error).not.toMatch(/gave up/)
    expect(f.dst.refs()).toEqual({})
  })

  it('a refused credential is not a transient fault: no retry, one clear line', async () => {
    const r = await f.run({ 'target-token': 'ghp_' + 'f'.repeat(36) }, { env: FAST_RETRY })
    expect(r.outputs.result).toBe('failed')
    expect(retryWarnings(r.stdout)).toEqual([])
    expect(count(is.advert('dst.git'))).toBe(1)
    expect(annotations(r.stdout, 'error')).toEqual([
      expect.stringMatching(
        /^authentication to .*dst\.git failed: the token is invalid, expired, or not allowed/
      )
    ])
    expect(existsSync(r.outputs['report-path']!)).toBe(true)
    expect(f.dst.refs()).toEqual({})
  })
})
