// Builds the benchmark repositories with `git fast-import`: deterministic, no network.
import { spawn, execFileSync } from 'node:child_process'
import { createCipheriv } from 'node:crypto'
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface Profile {
  name: string
  /** Commits on main; every other branch adds two commits of its own. */
  mainCommits: number
  branches: number
  tags: number
  /** Incompressible bytes each main commit writes (one of `dataFiles` binary files). */
  dataBytes: number
  dataFiles: number
  /** Branches that get one new commit in the incremental scenario (the most recently forked). */
  changedBranches: number
  /** New commits on main in the incremental scenario. */
  newMainCommits: number
  /**
   * Realistic trees: this many text files in nested folders, all written by the first commit;
   * every later commit edits one of them (a line appended), as source code changes do.
   */
  treeFiles?: number
  /** A large incompressible binary rewritten every `every` main commits and once in the update. */
  binary?: { bytes: number; every: number }
}

const shape = {
  mainCommits: 19_000,
  branches: 500,
  tags: 5_000,
  dataFiles: 16,
  changedBranches: 50,
  newMainCommits: 5
}
export const PROFILES: Record<string, Profile> = {
  tiny: {
    name: 'tiny',
    mainCommits: 1_900,
    branches: 100,
    tags: 500,
    dataBytes: 5_000,
    dataFiles: 16,
    changedBranches: 50,
    newMainCommits: 5
  },
  small: { name: 'small', ...shape, dataBytes: 0 },
  large: { name: 'large', ...shape, dataBytes: 5_000 },
  trees: {
    name: 'trees',
    mainCommits: 5_000,
    branches: 200,
    tags: 1_000,
    dataBytes: 0,
    dataFiles: 16,
    changedBranches: 20,
    newMainCommits: 5,
    treeFiles: 5_000
  },
  refs: {
    name: 'refs',
    mainCommits: 4_000,
    branches: 2_000,
    tags: 20_000,
    dataBytes: 0,
    dataFiles: 16,
    changedBranches: 50,
    newMainCommits: 5
  },
  binary: {
    name: 'binary',
    mainCommits: 1_000,
    branches: 20,
    tags: 100,
    dataBytes: 0,
    dataFiles: 16,
    changedBranches: 5,
    newMainCommits: 5,
    binary: { bytes: 4_000_000, every: 100 }
  }
}

/** Path of tree file k: 3 levels of folders, ~20 entries each, like a source tree. */
function treePath(k: number): string {
  return `lib/m${k % 13}/p${Math.floor(k / 13) % 19}/file${k}.ts`
}

/** The text files of the realistic-trees profile, edited in place as commits append lines. */
class TreeFiles {
  private readonly files: string[]
  private readonly rand: (n: number) => Buffer
  constructor(n: number, rand: (n: number) => Buffer) {
    this.rand = rand
    this.files = Array.from({ length: n }, () => text(rand, 60))
  }
  /** fast-import lines writing every file (the first commit). */
  all(): Buffer {
    return Buffer.concat(
      this.files.map((f, k) => Buffer.concat([Buffer.from(`M 100644 inline ${treePath(k)}\n`), data(f)]))
    )
  }
  /** fast-import lines for one edit: a line appended to file k. */
  edit(k: number): Buffer {
    const i = k % this.files.length
    this.files[i] += '\n' + text(this.rand, 8)
    return Buffer.concat([Buffer.from(`M 100644 inline ${treePath(i)}\n`), data(this.files[i]!)])
  }
}

/** Deterministic incompressible bytes (AES-CTR keystream). */
function randomStream(seed: string) {
  const cipher = createCipheriv('aes-128-ctr', Buffer.alloc(16, seed), Buffer.alloc(16, 0))
  return (n: number) => cipher.update(Buffer.alloc(n))
}

const WORDS =
  'mirror branch commit tree blob tag push fetch remote target source lease force prune backup report shallow window delta pack ref'.split(
    ' '
  )

/** A few hundred bytes of compressible text, like source code edits. */
function text(rand: (n: number) => Buffer, n: number): string {
  const r = rand(n)
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(WORDS[r[i]! % WORDS.length]!, r[i]! % 11 === 0 ? '\n' : ' ')
  return out.join('')
}

/** fast-import `data` with its exact byte length. */
function data(content: string | Buffer): Buffer {
  const body = typeof content === 'string' ? Buffer.from(content) : content
  return Buffer.concat([Buffer.from(`data ${body.length}\n`), body, Buffer.from('\n')])
}

const who = (t: number) => `Bench <bench@example.com> ${t} +0000`

export function gitIn(dir: string, args: string[], input?: string): string {
  return execFileSync('git', args, {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: { ...process.env, GIT_DIR: dir },
    maxBuffer: 256 << 20
  }).trim()
}

/** Streams chunks into `git fast-import`, respecting back-pressure. */
async function fastImport(dir: string, chunks: Iterable<Buffer>): Promise<void> {
  const child = spawn('git', ['fast-import', '--quiet', '--done'], {
    env: { ...process.env, GIT_DIR: dir },
    stdio: ['pipe', 'inherit', 'inherit']
  })
  const closed = new Promise<number | null>(resolve => child.on('close', resolve))
  for (const chunk of chunks) {
    if (!child.stdin.write(chunk)) await new Promise(r => child.stdin.once('drain', r))
  }
  child.stdin.end('done\n')
  const code = await closed
  if (code !== 0) throw new Error(`git fast-import failed (${code}) in ${dir}`)
}

/** Where branch b forks from main: dense near the tip (active branches are recent), sparse in the past. */
export function forkPoint(p: Profile, b: number): number {
  return p.mainCommits - 1 - Math.floor((p.mainCommits - 1) * (b / p.branches) ** 2)
}

/** What one main commit changes: a small source file, or a line in the realistic tree, plus data. */
function mainChange(p: Profile, i: number, rand: (n: number) => Buffer, tree?: TreeFiles): Buffer[] {
  const parts =
    tree && i > 0
      ? [tree.edit(i * 7919)]
      : tree
        ? [tree.all()]
        : [Buffer.from(`M 100644 inline src/f${String(i % 64).padStart(2, '0')}.txt\n`), data(text(rand, 40))]
  if (p.dataBytes > 0)
    parts.push(Buffer.from(`M 100644 inline data/d${i % p.dataFiles}.bin\n`), data(rand(p.dataBytes)))
  if (p.binary && i % p.binary.every === 0)
    parts.push(Buffer.from('M 100644 inline assets/large.bin\n'), data(rand(p.binary.bytes)))
  return parts
}

/** The realistic tree as the base history left it, to continue editing in the update. */
function replayTree(p: Profile, rand: (n: number) => Buffer): TreeFiles | undefined {
  if (!p.treeFiles) return undefined
  const tree = new TreeFiles(p.treeFiles, rand)
  for (let i = 1; i < p.mainCommits; i++) tree.edit(i * 7919)
  return tree
}

function* baseStream(p: Profile): Generator<Buffer> {
  const rand = randomStream('base')
  const tree = p.treeFiles ? new TreeFiles(p.treeFiles, randomStream('tree')) : undefined
  const t0 = 1_600_000_000
  for (let i = 0; i < p.mainCommits; i++) {
    const parts = [
      Buffer.from(`commit refs/heads/main\nmark :${i + 1}\ncommitter ${who(t0 + i * 60)}\n`),
      data(`main ${i}\n`)
    ]
    if (i > 0) parts.push(Buffer.from(`from :${i}\n`))
    parts.push(...mainChange(p, i, rand, tree))
    parts.push(Buffer.from('\n'))
    yield Buffer.concat(parts)
  }
  let t = t0 + p.mainCommits * 60
  for (let b = 0; b < p.branches; b++) {
    for (let k = 0; k < 2; k++) {
      const from = k === 0 ? `from :${forkPoint(p, b) + 1}\n` : ''
      yield Buffer.concat([
        Buffer.from(`commit refs/heads/branch-${b}\ncommitter ${who(t++)}\n`),
        data(`branch ${b} commit ${k}\n`),
        Buffer.from(`${from}M 100644 inline branches/b${b}.txt\n`),
        data(text(rand, 20)),
        Buffer.from('\n')
      ])
    }
  }
  for (let k = 0; k < p.tags; k++) {
    const mark = Math.floor((k * p.mainCommits) / p.tags) + 1
    if (k % 2 === 0)
      yield Buffer.concat([
        Buffer.from(`tag v${k}\nfrom :${mark}\ntagger ${who(t++)}\n`),
        data(`release ${k}\n`)
      ])
    else yield Buffer.from(`reset refs/tags/l${k}\nfrom :${mark}\n\n`)
  }
}

function* updateStream(p: Profile): Generator<Buffer> {
  const rand = randomStream('update')
  const tree = replayTree(p, randomStream('tree'))
  let t = 1_900_000_000
  for (let i = 0; i < p.newMainCommits; i++) {
    const from = i === 0 ? 'from refs/heads/main^0\n' : ''
    const parts = [
      Buffer.from(`commit refs/heads/main\ncommitter ${who(t++)}\n`),
      data(`new main ${i}\n`),
      Buffer.from(from)
    ]
    // Index 1 onwards: the first commit's change (the whole tree, the binary) is the base's.
    parts.push(...mainChange(p, p.mainCommits + i, rand, tree))
    if (p.binary && i === 0)
      parts.push(Buffer.from('M 100644 inline assets/large.bin\n'), data(rand(p.binary.bytes)))
    parts.push(Buffer.from('\n'))
    yield Buffer.concat(parts)
  }
  for (let b = 0; b < p.changedBranches; b++) {
    yield Buffer.concat([
      Buffer.from(`commit refs/heads/branch-${b}\ncommitter ${who(t++)}\n`),
      data(`branch ${b} new commit\n`),
      Buffer.from(`from refs/heads/branch-${b}^0\nM 100644 inline branches/b${b}.txt\n`),
      data(text(rand, 20)),
      Buffer.from('\n')
    ])
  }
}

export interface BenchRepos {
  /** The repository as the target last saw it. */
  base: string
  /** The source after 5 commits on main and one on each of the first branches. */
  updated: string
  packBytes: number
}

/** Generates (once, cached under `cacheDir`) the base repository and its updated copy. */
export async function generate(p: Profile, cacheDir: string): Promise<BenchRepos> {
  const dir = path.join(cacheDir, `${p.name}-v2`)
  const base = path.join(dir, 'base.git')
  const updated = path.join(dir, 'updated.git')
  const done = path.join(dir, 'done')
  if (!existsSync(done)) {
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(dir, { recursive: true })
    const t0 = performance.now()
    execFileSync('git', ['init', '--bare', '--quiet', '--initial-branch=main', base])
    await fastImport(base, baseStream(p))
    gitIn(base, ['pack-refs', '--all'])
    execFileSync('git', ['clone', '--mirror', '--quiet', base, updated])
    await fastImport(updated, updateStream(p))
    gitIn(updated, ['pack-refs', '--all'])
    writeFileSync(done, '')
    console.error(`generated ${p.name} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  }
  const packBytes = Number(/size-pack: (\d+)/.exec(gitIn(base, ['count-objects', '-v']))![1]) * 1024
  return { base, updated, packBytes }
}
