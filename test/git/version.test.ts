import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { MIN_GIT_VERSION, parseGitVersion } from '../../src/git/git.js'
import { runAction } from '../support/action.js'
import { BareRepo } from '../support/repos.js'

let root = ''
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('git version', () => {
  it('reads the versions git prints on each platform', () => {
    expect(parseGitVersion('git version 2.39.5\n')).toEqual([2, 39, 5])
    expect(parseGitVersion('git version 2.45.2.windows.1')).toEqual([2, 45, 2])
    expect(parseGitVersion('git version 2.31.GIT')).toEqual([2, 31, 0])
    expect(parseGitVersion('not git')).toBeUndefined()
  })

  it('an older git stops the run at once with what to do, and the run still reports', async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'rm-version-'))
    const src = BareRepo.create(root, 'src.git')
    const dst = BareRepo.create(root, 'dst.git')
    src.commits('main', 1)
    // A git on PATH that says it is 2.30 (one below the minimum) and must never be asked anything else.
    const log = path.join(root, 'calls')
    const fake = path.join(root, 'git')
    writeFileSync(
      fake,
      `#!/bin/sh\necho "$@" >> '${log}'\n[ "$1" = version ] && echo 'git version 2.30.9' && exit 0\nexit 99\n`
    )
    chmodSync(fake, 0o755)
    const run = await runAction(
      { 'source-repo': src.dir, 'target-repo': dst.dir, branches: 'main' },
      { env: { PATH: `${root}:${process.env.PATH}` } }
    )
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.report!.error).toBe(
      `git 2.30.9 is too old: repo-mirror needs git ${MIN_GIT_VERSION.join('.')} or newer (it passes credentials through GIT_CONFIG_COUNT, new in 2.31); update git on the runner`
    )
    expect(run.summary).toContain('git 2.30.9 is too old')
    expect(dst.refs()).toEqual({})
    expect(readFileSync(log, 'utf8')).toBe('version\n')
  })
})
