import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { apply } from '../../src/apply.js'
import { Git } from '../../src/git/git.js'
import type { PlannedRef } from '../../src/record.js'
import { BareRepo } from '../support/repos.js'

let root = ''
afterEach(() => rmSync(root, { recursive: true, force: true }))

it('even a plan that wrongly calls an overwrite a fast-forward cannot overwrite: git refuses it', async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'rm-apply-'))
  const src = BareRepo.create(root, 'src.git')
  const dst = BareRepo.create(root, 'dst.git')
  const theirs = dst.commits('main', 2, 'target work')
  const ours = src.commits('main', 2, 'unrelated source work')
  const work = BareRepo.create(root, 'work.git')
  work.copyFrom(src)
  const target = { url: dst.dir, display: 'dst', local: true }
  const wrong: PlannedRef = {
    ref: 'refs/heads/main',
    name: 'main',
    kind: 'branch',
    status: 'fast-forward',
    action: 'update',
    sourceSha: ours,
    targetBefore: theirs,
    ahead: 0,
    behind: 2,
    backupRef: null,
    protected: null,
    cause: null,
    message: 'a wrong analysis'
  }
  const outcomes = await apply(Git.open(work.dir), target, [wrong], { retries: 0 })
  expect(outcomes.get('refs/heads/main')).toMatchObject({
    result: 'rejected',
    cause: { kind: 'not-fast-forward' }
  })
  expect(dst.sha('refs/heads/main')).toBe(theirs)
})
