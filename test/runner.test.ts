import * as actionsCore from '@actions/core'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as runner from '../src/runner.js'

type Core = Pick<
  typeof runner,
  'info' | 'debug' | 'warning' | 'error' | 'setSecret' | 'group' | 'setFailed' | 'setOutput' | 'saveState'
> & { summary: (s: string) => Promise<void> }

const ours: Core = { ...runner, summary: async s => runner.appendSummary(s) }
const theirs: Core = {
  ...(actionsCore as unknown as Core),
  summary: async s => void (await actionsCore.summary.addRaw(s, true).write())
}

// Values a run really writes: remote text with newlines, '%', ':' and ',', JSON, unicode, empty.
const awkward = [
  'plain',
  'two\nlines\r\n',
  '100% done: a, b',
  '{"ref":"refs/heads/ü"}',
  '',
  '::stop-commands::x'
]

/** Everything one implementation writes: stdout, the three files, and the exit code it sets. */
async function written(core: Core, withFiles: boolean) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'runner-'))
  const files = { GITHUB_OUTPUT: 'out', GITHUB_STATE: 'state', GITHUB_STEP_SUMMARY: 'summary.md' }
  const saved = Object.fromEntries(Object.keys(files).map(k => [k, process.env[k]]))
  for (const [k, f] of Object.entries(files)) {
    if (withFiles) writeFileSync((process.env[k] = path.join(dir, f)), '')
    else delete process.env[k]
  }
  const out: string[] = []
  const write = process.stdout.write.bind(process.stdout)
  process.stdout.write = (chunk: string) => out.push(chunk) > 0
  const exitCode = process.exitCode
  try {
    for (const v of awkward) {
      core.info(v)
      core.debug(v)
      core.warning(v)
      core.error(v)
      core.setSecret(v)
      core.setOutput(`out-${awkward.indexOf(v)}`, v)
      core.saveState(`state-${awkward.indexOf(v)}`, v)
    }
    core.warning(new Error('an error object'))
    core.setOutput('count', 3)
    core.setOutput('list', [{ ref: 'refs/heads/main' }])
    const value = await core.group('Group: a, b', async () => {
      core.info('inside')
      return 42
    })
    core.info(String(value))
    core.setFailed('failed\nbecause')
    if (withFiles) await core.summary('## Summary\n\n| a | b |')
    const file = (k: string) => (withFiles ? readFileSync(process.env[k]!, 'utf8') : '')
    // The heredoc delimiters are random on both sides.
    const same = (s: string) => s.replace(/ghadelimiter_[0-9a-f-]+/g, 'ghadelimiter_X')
    return {
      stdout: same(out.join('')),
      output: same(file('GITHUB_OUTPUT')),
      state: same(file('GITHUB_STATE')),
      summary: file('GITHUB_STEP_SUMMARY'),
      exitCode: process.exitCode
    }
  } finally {
    process.stdout.write = write
    process.exitCode = exitCode
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    rmSync(dir, { recursive: true, force: true })
  }
}

describe('runner commands', () => {
  let env: NodeJS.ProcessEnv
  beforeEach(() => {
    env = { ...process.env }
  })
  afterEach(() => {
    process.env = env
  })

  it('write the same bytes as @actions/core to stdout and to the output, state and summary files', async () => {
    const a = await written(ours, true)
    const b = await written(theirs, true)
    expect(a).toEqual(b)
    // Not vacuous: every channel was written, and a value cannot end its heredoc early.
    expect(a.output).toContain('out-1<<ghadelimiter_X\ntwo\nlines\r\n\nghadelimiter_X\n')
    expect(a.stdout).toContain('::warning::two%0Alines%0D%0A\n')
    expect(a.stdout).toContain('::group::Group: a, b\ninside\n::endgroup::\n42\n')
    expect(a.summary).toBe('## Summary\n\n| a | b |\n')
    expect(a.exitCode).toBe(1)
  })

  it('fall back to the stdout commands, as @actions/core does, where the runner gives no files', async () => {
    const a = await written(ours, false)
    expect(a).toEqual(await written(theirs, false))
    expect(a.stdout).toContain('\n::set-output name=out-2::100%25 done: a, b\n')
    expect(a.stdout).toContain('::save-state name=state-0::plain\n')
  })

  it('say what is missing when the summary file is not there', () => {
    delete process.env.GITHUB_STEP_SUMMARY
    expect(() => runner.appendSummary('x')).toThrow(/GITHUB_STEP_SUMMARY/)
    process.env.GITHUB_STEP_SUMMARY = path.join(os.tmpdir(), 'no-such-dir', 'summary.md')
    expect(() => runner.appendSummary('x')).toThrow(/Unable to access summary file/)
  })
})
