import * as core from '../../src/runner.js'
import { describe, expect, it } from 'vitest'
import { inPair, Progress } from '../../src/cli/output.js'

describe('CLI progress', () => {
  it('on a terminal: one redrawn line per running pair with its phase, finished pairs printed above', async () => {
    const out: string[] = []
    const p = new Progress(s => out.push(s), true, false)
    const a = p.add('acme/api → b/api')
    const b = p.add('acme/web → b/web')
    p.capture()
    try {
      p.start(a)
      p.start(b)
      await inPair(a, async () => {
        await core.group('List refs', async () => core.info('detail only shown with --verbose'))
        core.setSecret('ghp_thisIsASecretValue123')
        core.warning('a warning')
      })
      p.finish(a, 'synced (2 refs updated)')
    } finally {
      p.release()
    }
    const text = out.join('')
    expect(text).toContain('  … acme/api → b/api: List refs\n')
    expect(text).toContain('  … acme/web → b/web: starting\n')
    // Finishing clears the live lines (cursor up, clear to end) and prints the result for good.
    expect(text).toContain('\x1b[2A\x1b[J[1/2] acme/api → b/api: synced (2 refs updated)\n')
    expect(text).not.toContain('ghp_thisIsASecretValue123')
    expect(text).not.toContain('detail only shown')
    expect(text).not.toMatch(/::[a-z-]+::/)
    expect(p.warnings.get(a)).toEqual(['a warning'])
  })

  it('in a pipe: plain lines, and --verbose adds every log line under its pair', async () => {
    const out: string[] = []
    const p = new Progress(s => out.push(s), false, true)
    const a = p.add('x → y')
    p.capture()
    try {
      p.start(a)
      await inPair(a, async () => {
        await core.group('Push', async () => core.info('pushed 2 refs'))
        core.setSecret('ghp_anotherSecretValue456')
      })
      p.finish(a, 'synced (2 refs updated)')
    } finally {
      p.release()
    }
    expect(out.join('')).toBe(
      'x → y: starting\nx → y: Push\nx → y: pushed 2 refs\n[1/1] x → y: synced (2 refs updated)\n'
    )
  })
})
