// npm run bench -- [--profile tiny|small|large|trees|refs|binary[,...]] [--repo PATH]... [--reps N] [--out FILE]
//                  [--scenarios no-op,incremental,first mirror] [--action dist/index.js]
//
// --repo PATH measures any local repository: its branches and tags are the target's state, and the
// source is that plus one commit on the default branch (a line appended to a file) and one tag.
//
// Measures, side by side and over the local smart-HTTP git server (which counts bytes):
//   naive = `git clone --mirror` + `git push --mirror` (what peer mirror actions do every run),
//   ours  = dist/index.js run as the runner runs it (branches '**', tags '**'),
//   floor = the physical limit: two ref listings (no-op), or the listings + a fetch into a
//           repository that already holds the target's objects + the push of the changed refs.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { startGitHttpServer } from '../test/support/git-http-server.ts'
import { PROFILES, generate, gitIn, type BenchRepos } from './generate.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

const { values: args } = parseArgs({
  options: {
    // Several at once (--profile trees,refs --repo A --repo B): one table each, all in one file.
    profile: { type: 'string' },
    repo: { type: 'string', multiple: true },
    reps: { type: 'string', default: '3' },
    // e.g. --scenarios no-op,incremental: a first mirror of a large repository takes minutes.
    scenarios: { type: 'string', default: 'no-op,incremental,first mirror' },
    // Another build of the action (e.g. an older commit's dist/index.js), for before/after numbers.
    action: { type: 'string', default: path.join(ROOT, 'dist/index.js') },
    out: { type: 'string', default: path.join(ROOT, 'bench/results.md') },
    cache: { type: 'string', default: path.join(os.tmpdir(), 'repo-mirror-bench') }
  }
})
const profileNames = args.profile?.split(',').map(p => p.trim()) ?? (args.repo ? [] : ['small'])
for (const name of profileNames)
  if (!PROFILES[name]) throw new Error(`unknown profile '${name}': use ${Object.keys(PROFILES).join(', ')}`)
type Job = { profile: (typeof PROFILES)[string]; repo?: undefined } | { profile?: undefined; repo: string }
const jobs: Job[] = [
  ...profileNames.map(name => ({ profile: PROFILES[name]! })),
  ...(args.repo ?? []).map(repo => ({ repo }))
]
const reps = Number(args.reps)
const ENTRY = path.resolve(args.action)
if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`)

type Method = 'naive' | 'ours' | 'floor'
type Scenario = 'no-op' | 'incremental' | 'first mirror'
interface Sample {
  ms: number
  fromSource: number
  toTarget: number
  /** Bytes the target answered with: its ref listing, and any objects read from it. */
  fromTarget: number
  /** Bytes from the source answering requests other than ref listings (i.e. packs). */
  packFromSource: number
}

/** The phase timings of the last run of ours, from its report. */
let lastTimings: Record<string, number> | undefined
const srcToken = 'ghp_' + randomBytes(18).toString('hex')
const dstToken = 'ghp_' + randomBytes(18).toString('hex')
const header = (t: string) => 'Authorization: Basic ' + Buffer.from(`x-access-token:${t}`).toString('base64')

function run(cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      argv,
      { env: { ...process.env, ...env }, cwd, maxBuffer: 256 << 20 },
      (err, stdout, stderr) =>
        err ? reject(new Error(`${cmd} ${argv.join(' ')}: ${stderr || err.message}`)) : resolve(stdout)
    )
  })
}

/** A repository's name for the table: its folder's, or its parent's for a clone kept as `…/name/repo`. */
function repoName(dir: string): string {
  const abs = path.resolve(dir)
  const base = path.basename(abs).replace(/\.git$/, '')
  return base === 'repo' ? path.basename(path.dirname(abs)) : base
}

/** The given repository's branches and tags as the base; the same plus one commit and one tag as the update. */
function fromRepo(dir: string, cache: string): BenchRepos & { description: string } {
  const root = mkdtempSync(path.join(cache, 'repo-'))
  const base = path.join(root, 'base.git')
  const updated = path.join(root, 'updated.git')
  // --bare copies branches and tags only (no pull-request or other refs).
  execFileSyncQuiet('git', ['clone', '--bare', '--quiet', dir, base])
  execFileSyncQuiet('git', ['clone', '--mirror', '--quiet', base, updated])
  const head = gitIn(updated, ['symbolic-ref', 'HEAD'])
  const files = gitIn(updated, ['ls-tree', '-r', '-l', head]).split('\n')
  const file = files
    .map(l => /^\d+ blob \S+\s+(\d+)\t(.*)$/.exec(l))
    .find(m => m && Number(m[1]) > 1000 && Number(m[1]) < 100_000)
  if (!file) throw new Error(`no text-sized file on ${head} of ${dir}`)
  const content = gitIn(updated, ['cat-file', 'blob', `${head}:${file[2]}`]) + '\nbench line\n'
  const stream =
    `commit ${head}\ncommitter Bench <bench@example.com> 1900000000 +0000\n` +
    `data 12\nbench change\nfrom ${head}^0\nM 100644 inline ${file[2]}\ndata ${Buffer.byteLength(content)}\n${content}\n` +
    `tag bench-tag\nfrom ${head}\ntagger Bench <bench@example.com> 1900000001 +0000\ndata 10\nbench tag\ndone\n`
  execFileSyncQuiet('git', ['fast-import', '--quiet', '--done'], { GIT_DIR: updated }, stream)
  const count = (prefix: string) =>
    gitIn(base, ['for-each-ref', '--format=x', prefix]).split('\n').filter(Boolean).length
  const packBytes = Number(/size-pack: (\d+)/.exec(gitIn(base, ['count-objects', '-v']))![1]) * 1024
  return {
    base,
    updated,
    packBytes,
    description:
      `Repository \`${repoName(dir)}\`: ${count('refs/heads')} branches, ${count('refs/tags')} tags; ` +
      `incremental = one commit on the default branch (a line appended to a ${file[1]}-byte file) and one annotated tag`
  }
}

function execFileSyncQuiet(cmd: string, argv: string[], env: NodeJS.ProcessEnv = {}, input?: string) {
  execFileSync(cmd, argv, { env: { ...process.env, ...env }, input, stdio: ['pipe', 'ignore', 'inherit'] })
}

async function measure({ profile, repo }: Job): Promise<string> {
  const repos = repo
    ? fromRepo(repo, mkdtempSync(path.join(os.tmpdir(), 'repo-mirror-bench-repo-')))
    : await generate(profile!, args.cache)
  const work = mkdtempSync(path.join(os.tmpdir(), 'repo-mirror-bench-run-'))
  const srcNames = { base: 'src-base.git', updated: 'src-updated.git' }
  // Serve the cached repositories through symlinks; the target is recreated for every run.
  await run('ln', ['-s', repos.base, path.join(work, srcNames.base)])
  await run('ln', ['-s', repos.updated, path.join(work, srcNames.updated)])
  const server = await startGitHttpServer({
    root: work,
    tokens: new Map<string, string[] | '*'>([
      [srcToken, [srcNames.base, srcNames.updated]],
      [dstToken, ['dst.git']]
    ])
  })
  const dst = path.join(work, 'dst.git')
  const dstUrl = server.repoUrl('dst.git')
  const auth = (srcUrl: string) => {
    const kv = {
      [`http.${srcUrl}.extraHeader`]: header(srcToken),
      [`http.${dstUrl}.extraHeader`]: header(dstToken),
      'credential.helper': ''
    }
    const env: NodeJS.ProcessEnv = {
      GIT_CONFIG_COUNT: String(Object.keys(kv).length),
      GIT_TERMINAL_PROMPT: '0'
    }
    Object.entries(kv).forEach(([k, v], i) => {
      env[`GIT_CONFIG_KEY_${i}`] = k
      env[`GIT_CONFIG_VALUE_${i}`] = v
    })
    return env
  }

  const prepareTarget = async (scenario: Scenario) => {
    rmSync(dst, { recursive: true, force: true })
    if (scenario === 'first mirror')
      await run('git', ['init', '--bare', '--quiet', '--initial-branch=main', dst])
    else await run('git', ['clone', '--mirror', '--quiet', repos.base, dst])
    gitIn(dst, ['config', 'http.receivepack', 'true'])
  }

  const methods: Record<Method, (srcUrl: string, scenario: Scenario) => Promise<void>> = {
    async naive(srcUrl) {
      const tmp = mkdtempSync(path.join(work, 'naive-'))
      try {
        await run('git', ['clone', '--mirror', '--quiet', srcUrl, path.join(tmp, 'm.git')], auth(srcUrl))
        await run('git', ['push', '--mirror', '--quiet', dstUrl], {
          ...auth(srcUrl),
          GIT_DIR: path.join(tmp, 'm.git')
        })
      } finally {
        rmSync(tmp, { recursive: true, force: true })
      }
    },
    async ours(srcUrl) {
      const temp = mkdtempSync(path.join(work, 'runner-'))
      const files = { GITHUB_OUTPUT: 'output', GITHUB_STEP_SUMMARY: 'summary.md', GITHUB_STATE: 'state' }
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, RUNNER_TEMP: temp }
      for (const [k, f] of Object.entries(files)) writeFileSync((env[k] = path.join(temp, f)), '')
      Object.assign(env, {
        'INPUT_SOURCE-REPO': srcUrl,
        'INPUT_TARGET-REPO': dstUrl,
        'INPUT_SOURCE-TOKEN': srcToken,
        'INPUT_TARGET-TOKEN': dstToken,
        INPUT_BRANCHES: '**',
        INPUT_TAGS: '**'
      })
      const code = await new Promise<number | null>(resolve => {
        const child = spawn(process.execPath, [ENTRY], { env, stdio: ['ignore', 'ignore', 'inherit'] })
        child.on('close', resolve)
      })
      const output = readFileSync(env.GITHUB_OUTPUT!, 'utf8')
      const reportPath = /report-path<<(.*)\n(.*)\n/.exec(output)?.[2]
      const report =
        reportPath && existsSync(reportPath)
          ? (JSON.parse(readFileSync(reportPath, 'utf8')) as {
              timings: Record<string, number>
              error: string | null
            })
          : undefined
      lastTimings = report?.timings
      rmSync(temp, { recursive: true, force: true })
      if (code !== 0 || !/result<<.*\n(in-sync|synced)\n/.test(output))
        throw new Error(`the action failed (exit ${code}): ${report?.error ?? output}`)
    },
    async floor(srcUrl, scenario) {
      const list = (url: string) =>
        run('git', ['ls-remote', url, 'HEAD', 'refs/heads/*', 'refs/tags/*'], auth(srcUrl))
      const [s, t] = await Promise.all([list(srcUrl), list(dstUrl)])
      if (scenario === 'no-op') return
      const refs = (out: string) =>
        new Map(
          out
            .split('\n')
            .filter(Boolean)
            .map(l => l.split('\t').reverse() as [string, string])
        )
      const target = refs(t)
      const changed = [...refs(s)]
        .filter(([r, id]) => r !== 'HEAD' && !r.endsWith('^{}') && target.get(r) !== id)
        .map(([r]) => r)
      const env = { ...auth(srcUrl), GIT_DIR: floorRepo }
      await run('git', ['fetch', '--quiet', '--no-tags', srcUrl, ...changed.map(r => `+${r}:${r}`)], env)
      await run('git', ['push', '--quiet', dstUrl, ...changed.map(r => `${r}:${r}`)], env)
    }
  }
  // The floor's incremental fetch starts from a repository already holding the target's objects.
  const floorRepo = path.join(work, 'floor.git')
  const prepareFloor = async () => {
    rmSync(floorRepo, { recursive: true, force: true })
    await run('git', ['clone', '--mirror', '--quiet', repos.base, floorRepo])
  }

  const wanted = args.scenarios.split(',').map(s => s.trim())
  const scenarios = (
    [
      { name: 'no-op', src: srcNames.base, methods: ['naive', 'ours', 'floor'] },
      { name: 'incremental', src: srcNames.updated, methods: ['naive', 'ours', 'floor'] },
      { name: 'first mirror', src: srcNames.base, methods: ['naive', 'ours'] }
    ] satisfies { name: Scenario; src: string; methods: Method[] }[]
  ).filter(sc => wanted.includes(sc.name))
  if (scenarios.length === 0) throw new Error(`--scenarios: name some of no-op, incremental, first mirror`)
  const samples = new Map<string, Sample[]>()
  const expected = new Map<string, string>()
  for (const name of Object.values(srcNames))
    expected.set(
      name,
      gitIn(path.join(work, name), [
        'for-each-ref',
        '--format=%(refname) %(objectname)',
        'refs/heads',
        'refs/tags'
      ])
    )

  for (let rep = 0; rep < reps; rep++) {
    for (const sc of scenarios) {
      for (const m of sc.methods) {
        await prepareTarget(sc.name)
        if (m === 'floor') await prepareFloor()
        const srcUrl = server.repoUrl(sc.src)
        server.resetCounters()
        const t0 = performance.now()
        await methods[m](srcUrl, sc.name)
        const ms = performance.now() - t0
        const bySrc = server.requests.filter(r => r.repo === sc.src)
        const sample: Sample = {
          ms,
          fromSource: bySrc.reduce((n, r) => n + r.bytesOut, 0),
          toTarget: server.requests.filter(r => r.repo === 'dst.git').reduce((n, r) => n + r.bytesIn, 0),
          fromTarget: server.requests.filter(r => r.repo === 'dst.git').reduce((n, r) => n + r.bytesOut, 0),
          packFromSource: bySrc
            .filter(r => r.method === 'POST' && r.command !== 'ls-refs')
            .reduce((n, r) => n + r.bytesOut, 0)
        }
        const after = gitIn(dst, [
          'for-each-ref',
          '--format=%(refname) %(objectname)',
          'refs/heads',
          'refs/tags'
        ])
        if (after !== expected.get(sc.src))
          throw new Error(`${m} left the target different from the source in '${sc.name}'`)
        const key = `${sc.name}|${m}`
        samples.set(key, [...(samples.get(key) ?? []), sample])
        const phases =
          m === 'ours' && lastTimings
            ? `  [${Object.entries(lastTimings)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}]`
            : ''
        console.error(
          `rep ${rep + 1}/${reps} ${sc.name.padEnd(12)} ${m.padEnd(5)} ${(ms / 1000).toFixed(2)} s  from source ${mb(sample.fromSource)}  to target ${mb(sample.toTarget)}${phases}`
        )
      }
    }
  }
  await server.close()
  rmSync(work, { recursive: true, force: true })

  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b)
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
  }
  const stat = (sc: Scenario, m: Method) => {
    const xs = samples.get(`${sc}|${m}`)
    if (!xs) return undefined
    return {
      ms: med(xs.map(x => x.ms)),
      fromSource: med(xs.map(x => x.fromSource)),
      toTarget: med(xs.map(x => x.toTarget)),
      fromTarget: med(xs.map(x => x.fromTarget)),
      pack: med(xs.map(x => x.packFromSource))
    }
  }
  const what = profile
    ? `Profile \`${profile.name}\`: ${profile.mainCommits + 2 * profile.branches} commits, ${profile.branches + 1} branches, ${profile.tags} tags` +
      (profile.treeFiles ? `, ${profile.treeFiles} files per snapshot` : '') +
      (profile.binary
        ? `, a ${mb(profile.binary.bytes)} binary rewritten every ${profile.binary.every} commits and once in the update`
        : '')
    : (repos as ReturnType<typeof fromRepo>).description
  const lines = [
    `${what}; ${mb(repos.packBytes)} pack; median of ${reps} run(s); ${os.cpus().length} CPUs, ${gitIn(ROOT, ['--version'])}, node ${process.version}, ${new Date().toISOString().slice(0, 16)}Z.`,
    '',
    '| scenario | method | wall time | from source | to target | from target | total bytes | time vs naive | bytes vs naive | time vs floor | bytes vs floor |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|'
  ]
  const bytes = (x: { fromSource: number; toTarget: number; fromTarget: number }) =>
    x.fromSource + x.toTarget + x.fromTarget
  for (const sc of scenarios) {
    const naive = stat(sc.name, 'naive')!
    const floor = stat(sc.name, 'floor')
    for (const m of sc.methods) {
      const s = stat(sc.name, m)!
      const vsNaive = m === 'naive' ? '| |' : `${ratio(s.ms, naive.ms)} | ${ratio(bytes(s), bytes(naive))} |`
      const vsFloor =
        m === 'ours' && floor ? `${ratio(s.ms, floor.ms)} | ${ratio(bytes(s), bytes(floor))} |` : '| |'
      lines.push(
        `| ${sc.name} | ${m} | ${(s.ms / 1000).toFixed(2)} s | ${mb(s.fromSource)}${m === 'ours' ? ` (packs: ${mb(s.pack)})` : ''} | ` +
          `${mb(s.toTarget)} | ${mb(s.fromTarget)} | ${mb(bytes(s))} | ${vsNaive} ${vsFloor}`
      )
    }
  }
  lines.push(
    '',
    'Bytes are HTTP bodies counted by the server: "from source" and "from target" are its responses (ref listings, packs),',
    '"to target" the requests to the target (the pushed pack). Ratios below 1 mean faster / smaller than naive or the floor.'
  )
  const table = lines.join('\n')
  console.log(table)
  return table
}

async function main() {
  const tables: string[] = []
  for (const job of jobs) tables.push(await measure(job))
  // The limits block (npm run bench:limits) lives in the same file: kept as it is.
  const limits = existsSync(args.out)
    ? /<!-- limits:start -->[\s\S]*<!-- limits:end -->\n?/.exec(readFileSync(args.out, 'utf8'))?.[0]
    : undefined
  writeFileSync(args.out, `# Benchmark results\n\n${tables.join('\n\n')}\n${limits ? `\n${limits}` : ''}`)
  console.error(`written to ${args.out}`)
}

function mb(n: number): string {
  if (n < 10_000) return `${n} B`
  if (n < 10_000_000) return `${(n / 1e3).toFixed(0)} kB`
  return `${(n / 1e6).toFixed(1)} MB`
}
const ratio = (a: number, b: number) => (b === 0 ? '—' : `${(a / b).toFixed(a / b < 0.1 ? 3 : 2)}×`)

await main()
