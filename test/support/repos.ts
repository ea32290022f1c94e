import { execFileSync } from 'node:child_process'
import { mkdirSync } from 'node:fs'
import path from 'node:path'

let clock = 1_700_000_000

/** Runs git in a bare repository with fixed identities and dates, so SHAs are stable. */
export function git(dir: string, args: string[], input?: string): string {
  const date = `${clock++} +0000`
  return execFileSync('git', args, {
    cwd: dir,
    input,
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GIT_DIR: dir,
      GIT_AUTHOR_NAME: 'Mirror Test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'Mirror Test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
      GIT_AUTHOR_DATE: date,
      GIT_COMMITTER_DATE: date
    },
    stdio: ['pipe', 'pipe', 'pipe']
  }).trim()
}

/** A bare repository that tests build histories in with plumbing (no work tree needed). */
export class BareRepo {
  constructor(readonly dir: string) {}

  static create(root: string, name: string, defaultBranch = 'main'): BareRepo {
    const dir = path.join(root, name)
    mkdirSync(dir, { recursive: true })
    git(dir, ['init', '--bare', '--quiet', `--initial-branch=${defaultBranch}`])
    git(dir, ['config', 'http.receivepack', 'true'])
    return new BareRepo(dir)
  }

  /** Adds a commit on top of `parent` (or the branch tip) with one file, and moves the branch. */
  commit(
    branch: string,
    message: string,
    opts: { parent?: string | null; file?: string; content?: string } = {}
  ): string {
    const parent = opts.parent === undefined ? this.sha(`refs/heads/${branch}`) : opts.parent
    const blob = git(this.dir, ['hash-object', '-w', '--stdin'], opts.content ?? `${message}\n`)
    const tree = git(this.dir, ['mktree'], `100644 blob ${blob}\t${opts.file ?? 'file.txt'}\n`)
    const args = ['commit-tree', tree, '-m', message]
    if (parent) args.push('-p', parent)
    const sha = git(this.dir, args)
    git(this.dir, ['update-ref', `refs/heads/${branch}`, sha])
    return sha
  }

  /** n commits on a branch; returns the new tip. */
  commits(branch: string, n: number, label = branch): string {
    return this.commitSeries(
      branch,
      Array.from({ length: n }, (_, i) => ({ message: `${label} ${i}` }))
    )
  }

  /**
   * Commits in a row on a branch, each like `commit` (a tree of one file), written by one
   * `git fast-import`: one process for the whole series, not four per commit, so building long
   * histories stays fast on a busy machine. Returns the new tip.
   */
  commitSeries(branch: string, series: { message: string; file?: string; content?: string }[]): string {
    if (series.length === 0) return this.sha(`refs/heads/${branch}`) ?? ''
    const parent = this.sha(`refs/heads/${branch}`)
    const data = (text: string) => `data ${Buffer.byteLength(text)}\n${text}`
    const stream = series.map((c, i) => {
      const who = `Mirror Test <test@example.com> ${clock++} +0000`
      return [
        `commit refs/heads/${branch}`,
        `author ${who}`,
        `committer ${who}`,
        data(`${c.message}\n`),
        ...(i === 0 && parent ? [`from ${parent}`] : []),
        'deleteall',
        `M 100644 inline ${c.file ?? 'file.txt'}`,
        data(c.content ?? `${c.message}\n`)
      ].join('\n')
    })
    git(this.dir, ['fast-import', '--quiet', '--force'], stream.join('\n') + '\n')
    return this.sha(`refs/heads/${branch}`)!
  }

  tag(name: string, target: string, annotated = false): string {
    if (annotated) git(this.dir, ['tag', '-a', '-m', `tag ${name}`, name, target])
    else git(this.dir, ['update-ref', `refs/tags/${name}`, target])
    return this.sha(`refs/tags/${name}`)!
  }

  setRef(ref: string, sha: string): void {
    git(this.dir, ['update-ref', ref, sha])
  }

  deleteRef(ref: string): void {
    git(this.dir, ['update-ref', '-d', ref])
  }

  sha(ref: string): string | undefined {
    try {
      return git(this.dir, ['rev-parse', '--verify', '--quiet', ref]) || undefined
    } catch {
      return undefined
    }
  }

  /** Every ref with its id: the whole observable state of the repository. */
  refs(): Record<string, string> {
    const out = git(this.dir, ['for-each-ref', '--format=%(refname) %(objectname)'])
    return Object.fromEntries(
      out
        .split('\n')
        .filter(Boolean)
        .map(l => l.split(' ') as [string, string])
    )
  }

  /** Copies all refs and objects from another repo (a clone of history, as a mirror would be). */
  copyFrom(other: BareRepo, refspecs = ['+refs/*:refs/*']): void {
    git(this.dir, ['fetch', '--quiet', other.dir, ...refspecs])
  }

  isAncestor(a: string, b: string): boolean {
    try {
      git(this.dir, ['merge-base', '--is-ancestor', a, b])
      return true
    } catch {
      return false
    }
  }

  hasObject(sha: string): boolean {
    try {
      git(this.dir, ['cat-file', '-e', sha])
      return true
    } catch {
      return false
    }
  }
}
