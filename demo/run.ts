/**
 * `npm run demo`: the main job on a built-in example. It builds a source and a target repository
 * (one branch behind, one diverged, one only in the target, one new tag), serves both over a local
 * smart-HTTP git server that demands a token like GitHub does, runs the bundled action
 * (dist/index.js) exactly as the runner would, and prints the job summary and where the report is.
 * `npm run demo -- --force` (and `--dry-run`, `--prune`) set those inputs.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { runAction } from '../test/support/action.js'
import { newToken } from '../test/support/fixture.js'
import { startGitHttpServer } from '../test/support/git-http-server.js'
import { BareRepo } from '../test/support/repos.js'

const USAGE = 'usage: npm run demo [-- [--force] [--dry-run] [--prune]]'
let flags: { force: boolean; 'dry-run': boolean; prune: boolean }
try {
  flags = parseArgs({
    options: {
      force: { type: 'boolean', default: false },
      'dry-run': { type: 'boolean', default: false },
      prune: { type: 'boolean', default: false }
    }
  }).values
} catch (err) {
  console.error(`${(err as Error).message}\n${USAGE}`)
  process.exit(2)
}

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
dst.commits('release/0.9', 1, 'only in the target') // kept, or pruned (with a backup) with --prune

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
    branches: 'main\nrelease/*',
    force: String(flags.force),
    'dry-run': String(flags['dry-run']),
    prune: String(flags.prune)
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
  const why =
    run.code === 0
      ? 'the step succeeds'
      : 'release/1.x diverged and force is off, so the step fails on purpose'
  console.log(`\nexit code ${run.code}: ${why}.`)
  console.log(`Report kept at ${run.outputs['report-path']} (runner temp ${run.runnerTemp}).`)
  if (!flags.force)
    console.log(
      'Try it with force (the old tip of release/1.x is saved under refs/mirror-backup/ first): npm run demo -- --force'
    )
  if (!flags.prune)
    console.log('Delete release/0.9, which only the target has, after a backup: npm run demo -- --prune')
  if (!flags['dry-run']) console.log('Only show what would change: npm run demo -- --dry-run')
  console.log('target refs after the run:')
  for (const [ref, sha] of Object.entries(dst.refs())) console.log(`  ${sha} ${ref}`)
  process.exitCode = run.code
} finally {
  await server.close()
  rmSync(root, { recursive: true, force: true })
}
