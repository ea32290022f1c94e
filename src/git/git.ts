import * as core from '../runner.js'
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process'
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { httpScheme, type Remote } from './remote.js'
import { FALLBACK, lsRefs } from './ls-refs.js'
import { basicAuthHeader, scrub } from './secrets.js'
import { explainGitFailure, isAuthRefusal } from './errors.js'
import { parseRefList } from './ref-list.js'

export interface GitResult {
  code: number
  stdout: string
  stderr: string
}

export interface GitCall {
  /** The remote this command talks to: its credentials go into the child's environment only. */
  remote?: Remote
  /** Git's standard input: text (e.g. refspecs for `fetch --stdin`) or bytes (a pack). */
  input?: string | Buffer
  /** Configuration for this one process (e.g. a named remote), passed like the credentials. */
  config?: Record<string, string>
  /** Return a non-zero result instead of throwing. */
  allowFailure?: boolean
  /**
   * Carries the command out instead of `git <args>`, in the same directory and environment (e.g. by
   * speaking the protocol through git's helper); credentials, retries and errors are as for `args`.
   */
  via?: (cwd: string, env: Record<string, string>) => Promise<GitResult>
}

export class GitError extends Error {
  constructor(
    message: string,
    readonly result: GitResult
  ) {
    super(message)
    this.name = 'GitError'
  }
}

/**
 * Configuration passed through GIT_CONFIG_COUNT: it lives only in the child's environment, so no
 * credential is written to .git/config, to a URL or to the command line (visible in `ps`).
 */
export function configEnv(settings: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {}
  const entries = Object.entries(settings)
  entries.forEach(([key, value], i) => {
    env[`GIT_CONFIG_KEY_${i}`] = key
    env[`GIT_CONFIG_VALUE_${i}`] = value
  })
  env.GIT_CONFIG_COUNT = String(entries.length)
  return env
}

function remoteSettings(remote: Remote | undefined): Record<string, string> {
  // An empty credential.helper resets any helper from the user's config: we never want a
  // stored credential (or a prompt) to stand in for the token we were given.
  const settings: Record<string, string> = { 'credential.helper': '' }
  if (remote?.token && !remote.local && /^https?:\/\//.test(remote.url)) {
    // Scoped to the remote's origin; each git process talks to one remote, so no other remote sees
    // the token.
    settings[`http.${new URL(remote.url).origin}/.extraHeader`] = basicAuthHeader(
      remote.token,
      remote.username
    )
    // git adds extraHeader to every request of the process, also to the host a redirect pointed it
    // at (curl drops it only on the redirected request itself): with a credential, no redirect is
    // followed at all, so the token never leaves the origin it was given for.
    settings['http.followRedirects'] = 'false'
  }
  return settings
}

/** For an SSH remote: git runs ssh with this run's key and pinned host keys, nothing from the user's setup. */
function sshEnv(remote: Remote | undefined): Record<string, string> {
  if (!remote?.ssh) return {}
  return { GIT_SSH_COMMAND: remote.ssh.command, GIT_SSH_VARIANT: 'ssh' }
}

/** Every live process below this one (git and the helpers it started), as `ps` lists them. */
function descendants(): number[] {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid=,stat='], { encoding: 'utf8' })
  if (ps.status !== 0 || !ps.stdout) return []
  const children = new Map<number, number[]>()
  for (const line of ps.stdout.split('\n')) {
    const [pid, ppid, stat] = line.trim().split(/\s+/)
    // A zombie has exited already; it only waits to be reaped.
    if (pid && ppid && !stat?.startsWith('Z'))
      children.set(Number(ppid), [...(children.get(Number(ppid)) ?? []), Number(pid)])
  }
  const found: number[] = []
  for (let queue = [process.pid]; queue.length;) {
    const next = children.get(queue.shift()!) ?? []
    found.push(...next)
    queue.push(...next)
  }
  return found.filter(pid => pid !== ps.pid)
}

/**
 * Runs git and collects what it prints. A git that cannot start (not on PATH) is exit code -1 with
 * the reason as its stderr. stdin is the input or nothing: a git that waits for input it will not
 * get would hang the run.
 */
function run(
  args: string[],
  options: { cwd?: string; env?: Record<string, string>; input?: string | Buffer }
): Promise<GitResult> {
  return new Promise(resolve => {
    const child = spawn('git', args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
    })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout!.on('data', (b: Buffer) => stdout.push(b))
    child.stderr!.on('data', (b: Buffer) => stderr.push(b))
    let settled = false
    const settle = (code: number, failure?: string) => {
      if (settled) return
      settled = true
      resolve({
        code,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: failure ?? Buffer.concat(stderr).toString('utf8')
      })
    }
    child.on('error', err => settle(-1, err.message))
    child.on('close', code => settle(code ?? -1))
    // A helper git started (ssh, a credential helper) may keep the pipes open after git exits: its
    // result stands once git has gone, after a grace period for the last bytes.
    child.on('exit', () => setTimeout(() => settle(child.exitCode ?? -1), 10_000).unref())
    if (child.stdin) {
      // git may exit without reading all of it (a refused push): that is its result, not a crash.
      child.stdin.on('error', () => {})
      child.stdin.end(options.input)
    }
  })
}

let stopping = false
/** git runs begun and not yet settled: a run's process may not exist yet when a cancel comes. */
let inFlight = 0

/** True once the run was cancelled: nothing new may start. */
export function isStopping(): boolean {
  return stopping
}

/** After a cancel, no git starts (and nothing it would need is created). */
function refuseAfterCancel(command: string): void {
  if (stopping)
    throw new GitError(`git ${command} not started: the run was cancelled`, {
      code: -1,
      stdout: '',
      stderr: ''
    })
}

/**
 * Stops every git this run started, with the processes git started in turn (git-remote-http,
 * index-pack), and from then on starts no new one: a cancelled run must not leave a git behind that
 * keeps pushing, or recreates the work dir it writes into, nor start a new one carrying a token.
 * Looks again until none is left (or `waitMs` passed), so a git whose start was already under way
 * when the signal came is stopped too.
 */
export async function stopAllGit(waitMs = 2000): Promise<void> {
  stopping = true
  for (const deadline = Date.now() + waitMs; Date.now() < deadline;) {
    const pids = descendants()
    if (pids.length === 0 && inFlight === 0) return
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // Already gone.
      }
    }
    await new Promise(r => setTimeout(r, 20))
  }
}

/**
 * The runner's environment minus what git never needs: the action's inputs (tokens, the App key)
 * and the runner's own credentials, and any ssh set-up of the job (an agent, GIT_SSH): each git
 * gets one remote's header or key, and nothing else secret.
 */
function childEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (
      v !== undefined &&
      !/^(INPUT_|STATE_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_|SSH_AUTH_SOCK$|GIT_SSH)/.test(k)
    )
      env[k] = v
  return env
}

/**
 * The oldest git this action runs with. Each minimum is a feature the action cannot do without:
 * - 2.31: GIT_CONFIG_COUNT, the only way credentials reach git (in the child's environment; an
 *   older git ignores it and would run unauthenticated, or prompt).
 * - 2.29: `fetch --stdin` (wants by object id, not one argument per ref) and `--no-write-fetch-head`.
 * - 2.26: protocol v2 by default, so `ls-remote --heads --tags` is filtered on the server.
 */
export const MIN_GIT_VERSION = [2, 31, 0] as const

/** "git version 2.39.5" (or "2.39.5.windows.1", "2.45.GIT") → [2, 39, 5]. */
export function parseGitVersion(text: string): [number, number, number] | undefined {
  const m = /git version (\d+)\.(\d+)(?:\.(\d+))?/.exec(text)
  return m ? [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)] : undefined
}

/** How much history a fetch brings: `depth` commits from each tip, `unshallow`, or all (default). */
export interface FetchDepth {
  depth?: number
  unshallow?: boolean
  /** Commits (and tags) without their trees and files (`--filter=tree:0`): the history's shape. */
  commitsOnly?: boolean
}

/** The name a commits-only fetch gives its remote: git filters only for a named promisor remote. */
const PROMISOR = 'mirror-promisor'

/** New commits (children first) and, marked '-', the commits they stand on: `<mark> <id> <tree> <parents…>`. */
const DELTA_LOG = ['log', '--topo-order', '--boundary', '--format=%m %H %T %P', '--stdin']

/** One commit as `newCommits` lists it. */
export interface CommitSummary {
  sha: string
  author: string
  date: string
  subject: string
}

/** `--stdin` input of a walk: the tips, and `^<id>` for each commit whose history is left out. */
function revisions(tips: string[], exclude: string[]): string {
  return [...tips, ...exclude.map(e => `^${e}`)].join('\n') + '\n'
}

/** A commit in a walk: its committer time (seconds) and its parents. */
export interface DatedCommit {
  sha: string
  time: number
  parents: string[]
}

/** One object as `cat-file --batch-check` describes it. */
export interface ObjectInfo {
  id: string
  type: string
  size: number
}

/** How one push through the push view goes (see src/push/view.ts). */
export interface PatternPush {
  /** The remote's name in the view's config (its URL and lease refspec live there). */
  remoteName: string
  /** Pattern refspecs (`<view ns>/<ns>/*:refs/<ns>/*`) and deletions (`:<ref>`). */
  refspecs: string[]
  /** Every ref gets a lease: from its tracking ref, or from `leases`. */
  leased: boolean
  /** Leases given explicitly, [ref, expected id]: for ids the repository lacks. */
  leases: [ref: string, expect: string][]
}

const FIELD = '\u001f'

/**
 * The one owner of git. Every command this action runs is a named method here, the only place
 * an argument list is built; each runs with credentials for one remote in its environment only,
 * no prompt, and stderr scrubbed before anything reads it.
 */
export class Git {
  private constructor(readonly gitDir: string) {}

  /** The git on PATH, checked against MIN_GIT_VERSION: a clear error instead of a strange failure later. */
  static async checkVersion(): Promise<string> {
    const out = await run(['version'], {})
    const version = out.code === 0 ? parseGitVersion(out.stdout) : undefined
    if (!version) throw new Error('git was not found on PATH: install git 2.31 or newer on the runner')
    const min = MIN_GIT_VERSION
    const older =
      version[0] !== min[0]
        ? version[0] < min[0]
        : version[1] !== min[1]
          ? version[1] < min[1]
          : version[2] < min[2]
    if (older)
      throw new Error(
        `git ${version.join('.')} is too old: repo-mirror needs git ${min.join('.')} or newer (it passes credentials through GIT_CONFIG_COUNT, new in 2.31); update git on the runner`
      )
    return version.join('.')
  }

  /** A new, empty bare repository in `gitDir` (which may exist and be empty). */
  static async init(gitDir: string): Promise<Git> {
    refuseAfterCancel('init')
    mkdirSync(gitDir, { recursive: true })
    const git = new Git(gitDir)
    await git.run(['init', '--bare', '--quiet'])
    return git
  }

  /**
   * A bare repository in `gitDir` (an empty directory) that is created, with `keepFetchedPacks`,
   * when a command first needs it: listing remotes needs none, so a run that finds the target in
   * sync never starts the processes that make one. The methods that write its files directly
   * (`addShallow`, `borrow`) come after a command has made it.
   */
  static deferred(gitDir: string): Git {
    const git = new Git(gitDir)
    git.create = async () => {
      // Made through a Git of its own: its commands must not wait for this creation.
      const made = await Git.init(gitDir)
      await made.keepFetchedPacks()
    }
    return git
  }

  /** How a deferred repository is made: once, by the first command that needs it. */
  private create?: () => Promise<void>
  private creation?: Promise<void>

  /** Resolves once the repository exists (at once for one that was never deferred). */
  private exists(): Promise<void> {
    if (!this.creation && this.create) this.creation = this.create()
    return this.creation ?? Promise.resolve()
  }

  /** An existing repository. */
  static open(gitDir: string): Git {
    return new Git(gitDir)
  }

  /** Sets one configuration value of this repository. */
  async setConfig(key: string, value: string): Promise<void> {
    await this.run(['config', key, value])
  }

  /**
   * Fetched packs stay packs: below unpackLimit objects git explodes a pack into loose objects,
   * which for a few large files means compressing them again, then once more when the push packs them.
   */
  async keepFetchedPacks(): Promise<void> {
    await this.setConfig('fetch.unpackLimit', '1')
    await this.setConfig('transfer.unpackLimit', '1')
  }

  /**
   * Branches and tags of a remote (`withHead`: also where HEAD points), as `git ls-remote` prints
   * them. Over smart HTTP through protocol v2 `ls-refs` itself (see lsRefs), which also lets the
   * server leave out every other ref when HEAD is asked for; ls-remote cannot filter HEAD.
   */
  async listRemote(remote: Remote, withHead = false): Promise<string> {
    const args = withHead
      ? ['ls-remote', '--symref', '--', remote.url, 'HEAD', 'refs/heads/*', 'refs/tags/*']
      : ['ls-remote', '--heads', '--tags', '--', remote.url]
    const scheme = httpScheme(remote)
    const prefixes = [...(withHead ? ['HEAD'] : []), 'refs/heads/', 'refs/tags/']
    const via = scheme
      ? async (cwd: string, env: Record<string, string>) => {
          const listed = await lsRefs({ scheme, url: remote.url, prefixes, symrefs: withHead, cwd, env })
          return listed === FALLBACK ? run(args, { cwd, env }) : listed
        }
      : undefined
    return (await this.run(args, { remote, via })).stdout
  }

  /** The remote's refs under these namespaces (e.g. refs/heads/*), name → id. */
  async listRemoteRefs(remote: Remote, patterns: string[]): Promise<Map<string, string>> {
    return parseRefList((await this.run(['ls-remote', '--', remote.url, ...patterns], { remote })).stdout)
  }

  /**
   * Fetches these object ids (not ref names: git matches every named refspec against every remote
   * ref, minutes for thousands of refs). Writes no ref: callers keep the ids. A shallow source's
   * own boundary is recorded (--update-shallow), so analysis can tell it from a complete one.
   */
  async fetchIds(remote: Remote, ids: string[], how: FetchDepth = {}): Promise<GitResult> {
    const depth = how.unshallow ? ['--unshallow'] : how.depth ? [`--depth=${how.depth}`] : []
    // The promisor remote exists for this one process only: no later command of the run may fetch
    // a missing object behind its back.
    const config = how.commitsOnly
      ? { [`remote.${PROMISOR}.url`]: remote.url, [`remote.${PROMISOR}.promisor`]: 'true' }
      : undefined
    try {
      return await this.run(
        [
          'fetch',
          '--quiet',
          '--no-tags',
          '--no-write-fetch-head',
          '--no-recurse-submodules',
          '--no-auto-gc',
          '--update-shallow',
          ...depth,
          ...(how.commitsOnly ? ['--filter=tree:0'] : []),
          '--stdin',
          '--',
          how.commitsOnly ? PROMISOR : remote.url
        ],
        { remote, input: ids.join('\n') + '\n', config }
      )
    } finally {
      // git records the filter in the repository's configuration: forgotten, so that a missing
      // object stays an error here rather than a download.
      if (how.commitsOnly)
        await this.run(['config', '--remove-section', `remote.${PROMISOR}`], { allowFailure: true })
    }
  }

  /**
   * git's own transport helper for a smart HTTP(S) remote (`git remote-https`), to speak the
   * protocol through it: credentials, proxies and TLS are git's as for any fetch. The caller ends
   * it; a cancelled run stops it with every other git.
   */
  async remoteHelper(
    remote: Remote,
    scheme: 'http' | 'https'
  ): Promise<ChildProcessByStdio<Writable, Readable, Readable>> {
    refuseAfterCancel('remote-helper')
    // What the helper fetches is stored in this repository: it must exist first.
    await this.exists()
    if (remote.renew) await remote.renew()
    const child = spawn('git', [`remote-${scheme}`, 'mirror-source', remote.url], {
      cwd: this.gitDir,
      env: this.env({ remote }),
      stdio: ['pipe', 'pipe', 'pipe']
    })
    inFlight++
    child.on('close', () => inFlight--)
    return child
  }

  /** Stores a pack that stands alone (its delta bases inside it). */
  async storePack(pack: Buffer): Promise<void> {
    await this.run(['index-pack', '--stdin'], { input: pack })
  }

  /**
   * The commits reachable from `tips` and from none of `exclude`, children first, each as
   * `<mark> <id> <tree> <parents…>`, then (mark '-') the excluded commits they stand on.
   * undefined when a tip or a parent is not here.
   */
  async deltaCommits(tips: string[], exclude: string[]): Promise<string | undefined> {
    const out = await this.run(DELTA_LOG, {
      input: revisions(tips, exclude),
      allowFailure: true
    })
    return out.code === 0 ? out.stdout : undefined
  }

  /** The root tree of each of these commits, id → tree. */
  async commitTrees(ids: string[]): Promise<Map<string, string>> {
    const trees = new Map<string, string>()
    if (ids.length === 0) return trees
    const out = await this.run(['log', '--no-walk', '--format=%H %T', '--stdin'], {
      input: ids.join('\n') + '\n'
    })
    for (const line of out.stdout.split('\n').filter(Boolean)) {
      const [id, tree] = line.split(' ')
      trees.set(id!, tree!)
    }
    return trees
  }

  /**
   * `git diff-tree` of these [old, new] tree pairs: one level (the changed entries), or every level
   * (`recursive`: changed folders too). undefined when a tree it must read is not here.
   */
  async diffTrees(
    pairs: [string, string][],
    how: { recursive?: boolean; path?: string } = {}
  ): Promise<string | undefined> {
    const out = await this.run(
      [
        'diff-tree',
        ...(how.recursive ? ['-r', '-t'] : []),
        '--stdin',
        '--abbrev=40',
        ...(how.path ? ['--', how.path] : [])
      ],
      { input: pairs.map(([a, b]) => `${a} ${b}`).join('\n') + '\n', allowFailure: true }
    )
    return out.code === 0 ? out.stdout : undefined
  }

  /**
   * The object walk a push of `tips` runs (pack-objects leaving out what `exclude` reaches),
   * written to a scratch pack that is removed again. Returns git's answer: a missing object fails it.
   */
  async pushWalk(tips: string[], exclude: string[]): Promise<GitResult> {
    const prefix = path.join(this.gitDir, 'mirror-check')
    try {
      return await this.run(['pack-objects', '--revs', '-q', '--window=0', prefix], {
        input: revisions(tips, exclude),
        allowFailure: true
      })
    } finally {
      for (const f of readdirSync(this.gitDir))
        if (f.startsWith('mirror-check')) rmSync(path.join(this.gitDir, f), { force: true })
    }
  }

  /** Adds commits to the shallow boundary (their parents are not here). */
  addShallow(ids: string[]): void {
    if (ids.length === 0) return
    const all = this.shallowCommits()
    for (const id of ids) all.add(id)
    writeFileSync(this.shallowFile, [...all].sort().join('\n') + '\n')
  }

  /**
   * Lends `other`'s objects to this repository (alternates) and takes its shallow boundary: for a
   * repository beside this one that fetched complete history this one holds only in part.
   */
  borrow(other: Git): void {
    appendFileSync(
      path.join(this.gitDir, 'objects/info/alternates'),
      path.join(other.gitDir, 'objects') + '\n'
    )
    if (other.isShallow()) copyFileSync(other.shallowFile, this.shallowFile)
    else rmSync(this.shallowFile, { force: true })
  }

  /**
   * One `git push --porcelain` of pattern refspecs to a remote named in this repository's config
   * (its leases come from tracking refs). Returns git's answer, failed or not.
   */
  async pushPatterns(remote: Remote, how: PatternPush): Promise<GitResult> {
    return this.run(
      [
        'push',
        '--porcelain',
        '--no-verify',
        ...(how.leased ? ['--force-with-lease'] : []),
        ...how.leases.map(([ref, expect]) => `--force-with-lease=${ref}:${expect}`),
        how.remoteName,
        ...how.refspecs
      ],
      { remote, allowFailure: true }
    )
  }

  /**
   * Makes `refs` the only refs under `prefixes`, in one transaction of git's own (so any ref
   * backend works: files, packed or reftable).
   */
  async replaceRefs(prefixes: string[], refs: [name: string, id: string][]): Promise<void> {
    const wanted = new Map(refs)
    const existing = (await this.run(['for-each-ref', '--format=%(refname)', ...prefixes])).stdout
      .split('\n')
      .filter(Boolean)
    const commands = [
      ...existing.filter(r => !wanted.has(r)).map(r => `delete ${r}`),
      ...[...wanted].map(([r, id]) => `update ${r} ${id}`)
    ]
    if (commands.length === 0) return
    await this.run(['update-ref', '--no-deref', '--stdin'], { input: commands.join('\n') + '\n' })
  }

  /** Which of these object ids the repository has, in one process. */
  async presentObjects(ids: string[]): Promise<Set<string>> {
    const present = new Set<string>()
    for (const o of await this.objectInfo(ids)) if (o.type !== 'missing') present.add(o.id)
    return present
  }

  /** Type and size of each of these objects ('missing' when the repository lacks it). */
  async objectInfo(ids: string[]): Promise<ObjectInfo[]> {
    if (ids.length === 0) return []
    const out = await this.run(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
      input: ids.join('\n') + '\n'
    })
    return out.stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [id, type, size] = line.split(' ')
        return { id: id!, type: type ?? 'missing', size: Number(size ?? 0) }
      })
  }

  /**
   * The contents of these objects (`<id>`, or `<commit>:<path>`) as `cat-file --batch` prints
   * them: a header line, then the content, for each; "missing" lines for absent ones.
   */
  async readObjects(specs: string[]): Promise<string> {
    if (specs.length === 0) return ''
    return (await this.run(['cat-file', '--batch'], { input: specs.join('\n') + '\n' })).stdout
  }

  /** What each of these objects peels to (an annotated tag → its commit); absent objects are left out. */
  async peeled(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const out = await this.run(['cat-file', '--batch-check=%(objectname)'], {
      input: ids.map(id => `${id}^{}`).join('\n') + '\n'
    })
    const peels = new Map<string, string>()
    out.stdout.split('\n').forEach((line, i) => {
      if (i < ids.length && /^[0-9a-f]{40,64}$/.test(line)) peels.set(ids[i]!, line)
    })
    return peels
  }

  /**
   * Every commit reachable from these tips (commits or tags), each with its parents, children
   * before parents.
   */
  async commitsWithParents(tips: string[]): Promise<string[]> {
    if (tips.length === 0) return []
    const out = await this.run(['rev-list', '--topo-order', '--parents', '--stdin'], {
      input: tips.join('\n') + '\n'
    })
    return out.stdout.split('\n').filter(Boolean)
  }

  /** Every object (commits, trees, blobs) reachable from `tips` and from none of `exclude`. */
  async reachableObjects(tips: string[], exclude: string[]): Promise<string[]> {
    if (tips.length === 0) return []
    const out = await this.run(['rev-list', '--objects', '--no-object-names', '--stdin'], {
      input: revisions(tips, exclude)
    })
    return out.stdout.split('\n').filter(Boolean)
  }

  /**
   * The commits reachable from `tips` and from none of `exclude`, each with its committer time and
   * parents: one walk for any number of tips.
   */
  async datedCommits(tips: string[], exclude: string[]): Promise<DatedCommit[]> {
    if (tips.length === 0) return []
    const out = await this.run(['rev-list', '--parents', '--timestamp', '--stdin'], {
      input: revisions(tips, exclude)
    })
    return out.stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [time, sha, ...parents] = line.split(' ') as [string, string, ...string[]]
        return { sha, time: Number(time), parents }
      })
  }

  /** These commits (author, date, subject), in the order given. */
  async commitSummaries(ids: string[]): Promise<CommitSummary[]> {
    if (ids.length === 0) return []
    const out = await this.run(
      [
        'log',
        '--no-walk=unsorted',
        `--format=%H${FIELD}%an${FIELD}%aI${FIELD}%s`,
        '--no-decorate',
        '--stdin'
      ],
      { input: ids.join('\n') + '\n' }
    )
    return out.stdout
      .split('\n')
      .filter(Boolean)
      .map(line => {
        const [sha, author, date, subject] = line.split(FIELD) as [string, string, string, string?]
        return { sha, author, date, subject: subject ?? '' }
      })
  }

  private get shallowFile(): string {
    return path.join(this.gitDir, 'shallow')
  }

  /** The shallow boundary: commits whose parents this repository lacks (empty when complete). */
  shallowCommits(): Set<string> {
    const file = this.shallowFile
    return new Set(existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean) : [])
  }

  isShallow(): boolean {
    return existsSync(this.shallowFile)
  }

  /** Whether some commit reachable from `tip` but from none of `exclude` changes `dir`. */
  async changesPath(tip: string, exclude: string[], dir: string): Promise<boolean> {
    const out = await this.run(['rev-list', '-1', '--stdin', '--', dir], {
      input: `${tip}\n${exclude.map(t => `^${t}`).join('\n')}\n`,
      allowFailure: true
    })
    return out.code === 0 && out.stdout.trim() !== ''
  }

  /** Whether `dir` differs between two commits. */
  async pathDiffers(a: string, b: string, dir: string): Promise<boolean> {
    const diff = await this.run(['diff', '--quiet', a, b, '--', dir], { allowFailure: true })
    return diff.code === 1
  }

  /**
   * A view of this repository to push from: it borrows the objects (alternates) and the shallow
   * boundary, but shares none of its refs, so each push sees only the refs laid out for it.
   */
  async pushView(): Promise<Git> {
    // The view borrows this repository's objects: they must be there to borrow.
    await this.exists()
    const dir = path.join(this.gitDir, 'mirror-push.git')
    const view = new Git(dir)
    if (!existsSync(dir)) {
      await Git.init(dir)
      writeFileSync(path.join(dir, 'objects/info/alternates'), path.join(this.gitDir, 'objects') + '\n')
    }
    if (this.isShallow()) copyFileSync(this.shallowFile, view.shallowFile)
    else rmSync(view.shallowFile, { force: true })
    return view
  }

  /** Whether `name` is a ref this repository holds (for tests of what reaches git's errors). */
  async verifyRef(name: string): Promise<string> {
    return (await this.run(['show-ref', '--verify', name])).stdout.trim()
  }

  private async run(args: string[], call: GitCall = {}): Promise<GitResult> {
    refuseAfterCancel(args[0] ?? '')
    if (args[0] !== 'ls-remote') await this.exists()
    const remote = call.remote
    // An expiring token (GitHub App) is re-minted before a command that would start too late.
    if (remote?.renew) await remote.renew()
    let result = await this.exec(args, call)
    if (result.code !== 0 && remote?.renew && remote.token && isAuthRefusal(result.stderr)) {
      // Refused with a token we still believed valid (it expired early, or GitHub's clock runs
      // ahead): once, with a freshly minted one.
      const used = remote.token
      if ((await remote.renew(used)) !== used) {
        core.info(`git ${args[0]}: ${remote.display} refused the App token; retrying with a new one`)
        result = await this.exec(args, call)
      }
    }
    if (result.code !== 0 && !call.allowFailure) {
      throw new GitError(explainGitFailure(args[0] ?? 'git', result.stderr, call.remote), result)
    }
    return result
  }

  private env(call: GitCall): Record<string, string> {
    return {
      ...childEnv(),
      GIT_DIR: this.gitDir,
      GIT_TERMINAL_PROMPT: '0',
      GCM_INTERACTIVE: 'Never',
      // Empty (not unset), so git asks nobody and ignores core.askPass: no prompt, and no
      // made-up credentials retried after a 401.
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      LC_ALL: 'C',
      // A workflow may set GIT_TRACE_CURL & co. for debugging: git must still redact the
      // Authorization header in what it traces, whatever GIT_TRACE_REDACT the job set.
      GIT_TRACE_REDACT: '1',
      // trace2 (GIT_TRACE2_EVENT, or trace2.* in a managed runner's system gitconfig) can record
      // config values and environment variables, which would put the credential header in the
      // trace. These patterns match nothing and override both settings; the trace itself stays.
      GIT_TRACE2_CONFIG_PARAMS: 'repo-mirror.none',
      GIT_TRACE2_ENV_VARS: 'REPO_MIRROR_NONE',
      ...sshEnv(call.remote),
      ...configEnv({ ...remoteSettings(call.remote), ...call.config })
    }
  }

  private async exec(args: string[], call: GitCall): Promise<GitResult> {
    const env = this.env(call)
    core.debug(`git ${scrub(args.join(' '))}`)
    inFlight++
    const out = await (
      call.via ? call.via(this.gitDir, env) : run(args, { cwd: this.gitDir, env, input: call.input })
    ).finally(() => inFlight--)
    // stderr feeds every error message and warning: it is scrubbed here, before anything sees it.
    return { ...out, stderr: scrub(out.stderr) }
  }
}
