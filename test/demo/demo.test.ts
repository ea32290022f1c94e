import { execFile } from 'node:child_process'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'

// Each demo builds two repositories, serves them over HTTP and runs the bundled action.
vi.setConfig({ testTimeout: 240_000 })

const ROOT = path.resolve(import.meta.dirname, '../..')

/** `npm run demo -- <flags>`, exactly as the README and the demo itself say to run it. */
function demo(...flags: string[]): Promise<{ code: number; out: string }> {
  return new Promise(resolve =>
    execFile('npm', ['run', '--silent', 'demo', '--', ...flags], { cwd: ROOT }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, out: stdout + stderr })
    )
  )
}

/** The target's refs the demo lists after its run. */
const targetRefs = (out: string) =>
  out
    .slice(out.indexOf('target refs after the run:'))
    .split('\n')
    .slice(1)
    .map(l => /^ {2}[0-9a-f]{40} (\S+)$/.exec(l)?.[1])
    .filter(Boolean)

describe('npm run demo', () => {
  it('fails on the diverged branch on purpose, and says how to run it with force', async () => {
    const r = await demo()
    expect(r.code).toBe(1)
    expect(r.out).toContain('result=conflicts')
    expect(r.out).toContain('npm run demo -- --force')
    expect(r.out).toContain('refs/heads/main: fast-forward → update')
    expect(r.out).toContain('refs/tags/v1.0.0: tag-new → create')
    expect(r.out).toMatch(/job summary[\s\S]*Conflicts/)
    expect(r.out).toMatch(/Report kept at \/\S+\/sync-report\.json/)
    expect(targetRefs(r.out)).not.toContainEqual(expect.stringMatching(/^refs\/mirror-backup\//))
  })

  it('-- --force --prune overwrites the diverged branch and prunes, each old tip backed up first', async () => {
    const r = await demo('--force', '--prune')
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain('result=synced')
    const refs = targetRefs(r.out)
    expect(refs).not.toContain('refs/heads/release/0.9')
    expect(refs).toContainEqual(
      expect.stringMatching(/^refs\/mirror-backup\/heads\/release\/1\.x\/\d{8}T\d{6}Z$/)
    )
    expect(refs).toContainEqual(
      expect.stringMatching(/^refs\/mirror-backup\/heads\/release\/0\.9\/\d{8}T\d{6}Z$/)
    )
  })

  it('-- --dry-run --force plans the overwrite and writes nothing', async () => {
    const r = await demo('--dry-run', '--force')
    expect(r.code, r.out).toBe(0)
    expect(r.out).toContain('result=dry-run')
    expect(r.out).toContain('planned=3')
    expect(targetRefs(r.out)).toEqual(['refs/heads/main', 'refs/heads/release/0.9', 'refs/heads/release/1.x'])
  })

  it('refuses an unknown flag with the usage line', async () => {
    const r = await demo('--froce')
    expect(r.code).toBe(2)
    expect(r.out).toContain('usage: npm run demo [-- [--force] [--dry-run] [--prune]]')
  })
})
