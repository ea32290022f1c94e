// npm run bench:limits -- [--reps N] [--out bench/results.md]
//
// The shapes that used to break or crawl, over the local smart-HTTP git server:
//   40,000 tags  first mirror of 40,000 lightweight tags (one commit each) into an empty target;
//   12,000 prunes  a target holding 12,000 refs the source lacks, prune on (each backed up first);
//   50 MB file   first mirror of a repository whose one commit holds one incompressible 50 MB file.
// Each against naive (`git clone --mirror` + `git push --mirror`, which also prunes). Prints a
// markdown table and replaces the "limits" block of bench/results.md.
import { execFile, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startGitHttpServer } from '../test/support/git-http-server.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const ENTRY = path.join(ROOT, 'dist/index.js')
const { values: args } = parseArgs({
  options: {
    reps: { type: 'string', default: '1' },
    out: { type: 'string', default: path.join(ROOT, 'bench/results.md') },
    only: { type: 'string', default: '' }
  }
})
if (!existsSync(ENTRY)) throw new Error('dist/index.js is missing: run `npm run build` first')

const srcToken = 'ghp_' + randomBytes(18).toString('hex')
const dstToken = 'ghp_' + randomBytes(18).toString('hex')
const header = (t: string) => 'Authorization: Basic ' + Buffer.from(`x-access-token:${t}`).toString('base64')

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      cmd,
      argv,
      { env: { ...process.env, ...env }, maxBuffer: 1 << 30 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${cmd} ${argv.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)
    )
    if (input !== undefined) child.stdin!.end(input)
  })
}
const git = (dir: string, argv: string[], input?: string) => run('git', argv, { GIT_DIR: dir }, input)

interface Shape {
  name: string
  /** Builds the source and the target under root. */
  build: (src: string, dst: string) => Promise<void>
  inputs: Record<string, string>
  /** What the target must hold afterwards (refs/heads and refs/tags only). */
  expectRefs: number
}

async function initBare(dir: string) {
  await run('git', ['init', '--bare', '--quiet', '--initial-branch=main', dir])
  await git(dir, ['config', 'http.receivepack', 'true'])
}

async function rootCommit(dir: string, file?: string): Promise<string> {
  let tree = await git(dir, ['mktree'], '')
  if (file) {
    const blob = (await git(dir, ['hash-object', '-w', file])).trim()
    tree = await git(dir, ['mktree'], `100644 blob ${blob}\tbig.bin\n`)
  }
  const env = { GIT_DIR: dir, GIT_AUTHOR_DATE: '1700000000 +0000', GIT_COMMITTER_DATE: '1700000000 +0000' }
  return (
    await run(
      'git',
      ['-c', 'user.name=b', '-c', 'user.email=b@b', 'commit-tree', tree.trim(), '-m', 'c'],
      env
    )
  ).trim()
}

async function refs(dir: string, lines: string[]) {
  await git(dir, ['update-ref', '--stdin'], lines.join('\n') + '\n')
}

const SHAPES: Shape[] = [
  {
    name: '40,000 tags, first mirror',
    async build(src, dst) {
      const c = await rootCommit(src)
      await refs(src, [
        `create refs/heads/main ${c}`,
        ...Array.from({ length: 40000 }, (_, i) => `create refs/tags/t${i} ${c}`)
      ])
      void dst
    },
    inputs: { BRANCHES: '**', TAGS: '**' },
    expectRefs: 40001
  },
  {
    name: '12,000 prunes',
    async build(src, dst) {
      const c = await rootCommit(src)
      await refs(src, [`create refs/heads/main ${c}`])
      await run('git', ['fetch', '--quiet', src, 'refs/heads/main:refs/heads/main'], { GIT_DIR: dst })
      await refs(
        dst,
        Array.from({ length: 12000 }, (_, i) => `create refs/heads/old/b${i} ${c}`)
      )
      await git(dst, ['pack-refs', '--all'])
    },
    inputs: { BRANCHES: '**', TAGS: '**', PRUNE: 'true', 'ALLOW-MASS-PRUNE': 'true' },
    expectRefs: 1
  },
  {
    name: '50 MB file, first mirror',
    async build(src) {
      const file = path.join(path.dirname(src), 'big.bin')
      writeFileSync(file, randomBytes(50 * 1024 * 1024))
      await refs(src, [`create refs/heads/main ${await rootCommit(src, file)}`])
      rmSync(file)
    },
    inputs: { BRANCHES: '**', TAGS: '**' },
    expectRefs: 1
  }
]

async function main() {
  const reps = Number(args.reps)
  const rows: string[] = []
  for (const shape of SHAPES.filter(s => !args.only || s.name.includes(args.only))) {
    const times: Record<'naive' | 'ours', number[]> = { naive: [], ours: [] }
    for (let rep = 0; rep < reps; rep++)
      for (const method of ['naive', 'ours'] as const) {
        const root = mkdtempSync(path.join(os.tmpdir(), 'repo-mirror-limits-'))
        try {
          const src = path.join(root, 'src.git')
          const dst = path.join(root, 'dst.git')
          await initBare(src)
          await initBare(dst)
          await shape.build(src, dst)
          const server = await startGitHttpServer({
            root,
            tokens: new Map<string, string[] | '*'>([
              [srcToken, ['src.git']],
              [dstToken, ['dst.git']]
            ])
          })
          const srcUrl = server.repoUrl('src.git')
          const dstUrl = server.repoUrl('dst.git')
          const t0 = performance.now()
          if (method === 'naive') await naive(root, srcUrl, dstUrl)
          else await ours(root, srcUrl, dstUrl, shape.inputs)
          times[method].push(performance.now() - t0)
          await server.close()
          const n = (await git(dst, ['for-each-ref', '--format=x', 'refs/heads', 'refs/tags']))
            .split('\n')
            .filter(Boolean).length
          if (n !== shape.expectRefs)
            throw new Error(`${shape.name} (${method}): target has ${n} refs, expected ${shape.expectRefs}`)
        } finally {
          rmSync(root, { recursive: true, force: true })
        }
      }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const [n, o] = [med(times.naive), med(times.ours)]
    const row = `| ${shape.name} | ${(n / 1000).toFixed(1)} s | ${(o / 1000).toFixed(1)} s | ${(o / n).toFixed(2)}× |`
    console.log(row)
    rows.push(row)
  }
  const version = await run('git', ['--version'])
  const block = [
    '<!-- limits:start -->',
    `Limits (\`npm run bench:limits\`): median of ${reps} run(s); ${os.cpus().length} CPUs, ${version.trim()}, node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z.`,
    '',
    '| shape | naive | ours | ours/naive |',
    '|---|---:|---:|---:|',
    ...rows,
    '<!-- limits:end -->'
  ].join('\n')
  console.log(block)
  if (!args.only) {
    const old = existsSync(args.out) ? readFileSync(args.out, 'utf8') : ''
    const next = /<!-- limits:start -->[\s\S]*<!-- limits:end -->/.test(old)
      ? old.replace(/<!-- limits:start -->[\s\S]*<!-- limits:end -->/, block)
      : `${old.trimEnd()}\n\n${block}\n`
    writeFileSync(args.out, next)
  }
}

async function naive(root: string, srcUrl: string, dstUrl: string) {
  const m = path.join(root, 'naive.git')
  const env = (url: string) => ({
    GIT_CONFIG_COUNT: '2',
    GIT_CONFIG_KEY_0: `http.${new URL(url).origin}/.extraHeader`,
    GIT_CONFIG_VALUE_0: header(url === srcUrl ? srcToken : dstToken),
    GIT_CONFIG_KEY_1: 'credential.helper',
    GIT_CONFIG_VALUE_1: ''
  })
  await run('git', ['clone', '--mirror', '--quiet', srcUrl, m], env(srcUrl))
  await run('git', ['push', '--mirror', '--quiet', dstUrl], { ...env(dstUrl), GIT_DIR: m })
}

async function ours(root: string, srcUrl: string, dstUrl: string, inputs: Record<string, string>) {
  const temp = mkdtempSync(path.join(root, 'runner-'))
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, RUNNER_TEMP: temp }
  for (const [k, f] of Object.entries({
    GITHUB_OUTPUT: 'output',
    GITHUB_STEP_SUMMARY: 'summary.md',
    GITHUB_STATE: 'state'
  }))
    writeFileSync((env[k] = path.join(temp, f)), '')
  Object.assign(env, {
    'INPUT_SOURCE-REPO': srcUrl,
    'INPUT_TARGET-REPO': dstUrl,
    'INPUT_SOURCE-TOKEN': srcToken,
    'INPUT_TARGET-TOKEN': dstToken,
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k}`, v]))
  })
  const code = await new Promise<number | null>(resolve =>
    spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'ignore', 'inherit'] }).on('close', resolve)
  )
  const output = readFileSync(env.GITHUB_OUTPUT!, 'utf8')
  if (code !== 0 || !/result<<.*\n(in-sync|synced)\n/.test(output))
    throw new Error(`the action failed (exit ${code}):\n${output}`)
}

await main()
