/**
 * `npm run demo`: the main job on a built-in example. It builds a source and a target repository
 * (one branch behind, one diverged, one new tag), serves both over a local smart-HTTP git server that
 * demands a token like GitHub does, runs the bundled action (dist/index.js) exactly as the runner
 * would, and prints the job summary and where the report is.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction } from '../test/support/action.js'
import { newToken } from '../test/support/fixture.js'
import { startGitHttpServer } from '../test/support/git-http-server.js'
import { BareRepo } from '../test/support/repos.js'

const root = mkdtempSync(path.join(os.tmpdir(), 'repo-mirror-demo-'))
const src = BareRepo.create(root, 'source.git')
const dst = BareRepo.create(root, 'target.git')

src.commits('main', 3, 'initial work')
src.commits('release/1.x', 2, 'release prep')
dst.copyFrom(src)
src.commits('main', 2, 'new on main') // main: target is 2 commits behind
src.commits('release/1.x', 1, 'fix in source') // release/1.x: diverged ...
dst.commits('release/1.x', 1, 'hotfix made in target') // ... by a commit made only in the target
src.tag('v1.0.0', src.sha('refs/heads/main')!, true) // one new annotated tag

const srcToken = newToken('ghs_')
const dstToken = newToken('ghp_')
const server = await startGitHttpServer({
  root,
  tokens: new Map<string, string[] | '*'>([
    [srcToken, ['source.git']],
    [dstToken, ['target.git']]
  ])
})

try {
  const run = await runAction({
    'source-repo': server.repoUrl('source.git'),
    'target-repo': server.repoUrl('target.git'),
    'source-token': srcToken,
    'target-token': dstToken,
    branches: 'main\nrelease/*'
  })
  const lines = run.stdout
    .split('\n')
    .filter(l => !l.startsWith('::debug::') && !l.startsWith('::add-mask::'))
  console.log('──── action log ────')
  console.log(lines.join('\n'))
  console.log('──── job summary (GITHUB_STEP_SUMMARY) ────')
  console.log(run.summary)
  console.log('──── outputs ────')
  for (const [k, v] of Object.entries(run.outputs)) console.log(`${k}=${v}`)
  console.log(`\nexit code ${run.code}: release/1.x diverged and force is off, so the step fails on purpose.`)
  console.log(`Report kept at ${run.outputs['report-path']} (runner temp ${run.runnerTemp}).`)
  console.log('Try it with force: the old tip of release/1.x is saved under refs/mirror-backup/ first.')
} finally {
  await server.close()
  rmSync(root, { recursive: true, force: true })
}
