import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'
import { expect, it } from 'vitest'
import { ROOT } from './support/action.js'

it('npm run demo mirrors the built-in example and prints the summary and report path', async () => {
  const { stdout } = await promisify(execFile)(path.join(ROOT, 'node_modules/.bin/tsx'), ['demo/run.ts'], {
    cwd: ROOT
  })
  expect(stdout).toContain('refs/heads/main: fast-forward → update')
  expect(stdout).toContain('refs/heads/release/1.x: diverged → skip')
  expect(stdout).toContain('refs/tags/v1.0.0: tag-new → create')
  expect(stdout).toMatch(/job summary[\s\S]*Conflicts/)
  expect(stdout).toMatch(/result=conflicts\nupdated=2/)
  expect(stdout).toMatch(/Report kept at \/\S+\/sync-report\.json/)
})
