import * as core from '@actions/core'
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { getExecOutput } from '@actions/exec'
import type { Remote } from './remote.js'
import { basicAuthHeader, scrub } from './secrets.js'
import { explainGitFailure } from './errors.js'

export interface GitResult {
  code: number
  stdout: string
  stderr: string
}

export interface GitCall {
  /** The remote this command talks to: its credentials go into the child's environment only. */
  remote?: Remote
  /** Text for git's standard input (e.g. refspecs for `fetch --stdin`). */
  input?: string
  /** Return a non-zero result instead of throwing. */
  allowFailure?: boolean
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
function configEnv(settings: Record<string, string>): Record<string, string> {
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
  if (remote?.token && !remote.local) {
    // Keyed on the origin, not the repository path, so a same-host redirect (a renamed repository)
    // still authenticates; each git process talks to one remote, so no other remote sees the token.
    settings[`http.${new URL(remote.url).origin}/.extraHeader`] = basicAuthHeader(remote.token)
  }
  return settings
}

/** Every process below this one (git and the helpers it started), as `ps` lists them. */
function descendants(): number[] {
  const ps = spawnSync('ps', ['-A', '-o', 'pid=,ppid='], { encoding: 'utf8' })
  if (ps.status !== 0 || !ps.stdout) return []
  const children = new Map<number, number[]>()
  for (const line of ps.stdout.split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number)
    if (pid && ppid !== undefined) children.set(ppid, [...(children.get(ppid) ?? []), pid])
  }
  const found: number[] = []
  for (let queue = [process.pid]; queue.length;) {
    const next = children.get(queue.shift()!) ?? []
    found.push(...next)
    queue.push(...next)
  }
  return found.filter(pid => pid !== ps.pid)
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/**
 * Stops every git this run started, with the processes git started in turn (git-remote-http,
 * index-pack), and resolves once they are gone or after `waitMs`: a cancelled run must not leave a
 * git behind that keeps pushing, or recreates the work dir it writes into.
 */
export async function stopAllGit(waitMs = 2000): Promise<void> {
  const pids = descendants()
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM')
    } catch {
      // Already gone.
    }
  }
  for (const deadline = Date.now() + waitMs; pids.some(alive) && Date.now() < deadline;)
    await new Promise(r => setTimeout(r, 20))
}

/**
 * The runner's environment minus what git never needs: the action's inputs (tokens, the App key)
 * and the runner's own credentials. Each git gets one remote's header, and nothing else secret.
 */
function childEnv(): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !/^(INPUT_|STATE_|ACTIONS_RUNTIME_TOKEN$|ACTIONS_ID_TOKEN_REQUEST_)/.test(k))
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
}

/** A ref update for `git push`: `want` null deletes; `expect` (when leased) null must not exist. */
export interface PushRef {
  ref: string
  want: string | null
  /** Lease: the value the ref must still hold; omitted for a plain (unforced) push. */
  lease?: { expect: string | null }
}

/** The part of git output that lists refs: `<id>\t<name>` lines. */
function parseRefLines(stdout: string): Map<string, string> {
  const refs = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const m = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line)
    if (m) refs.set(m[2]!, m[1]!)
  }
  return refs
}

/**
 * The one owner of git. Every command this action runs is a named method here, the only place
 * an argument list is built; each runs with credentials for one remote in its environment only,
 * no prompt, and stderr scrubbed before anything reads it.
 */
export class Git {
  private constructor(readonly gitDir: string) {}

  /** The git on PATH, checked against MIN_GIT_VERSION: a clear error instead of a strange failure later. */
  static async checkVersion(): Promise<string> {
    const out = await getExecOutput('git', ['version'], { silent: true, ignoreReturnCode: true }).catch(
      (err: Error) => ({ exitCode: -1, stdout: '', stderr: err.message })
    )
    const version = out.exitCode === 0 ? parseGitVersion(out.stdout) : undefined
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
    mkdirSync(gitDir, { recursive: true })
    const git = new Git(gitDir)
    await git.exec(['init', '--bare', '--quiet'])
    return git
  }

  /** An existing repository. */
  static open(gitDir: string): Git {
    return new Git(gitDir)
  }

  /** Branches and tags of a remote (`withHead`: also where HEAD points, which git cannot filter). */
  async listRemote(remote: Remote, withHead = false): Promise<string> {
    const args = withHead
      ? ['ls-remote', '--symref', '--', remote.url, 'HEAD', 'refs/heads/*', 'refs/tags/*']
      : ['ls-remote', '--heads', '--tags', '--', remote.url]
    return (await this.exec(args, { remote })).stdout
  }

  /** The remote's refs under these namespaces (e.g. refs/heads/*), name → id. */
  async listRemoteRefs(remote: Remote, patterns: string[]): Promise<Map<string, string>> {
    return parseRefLines((await this.exec(['ls-remote', '--', remote.url, ...patterns], { remote })).stdout)
  }

  /**
   * Fetches these object ids (not ref names: git matches every named refspec against every remote
   * ref, minutes for thousands of refs). Writes no ref: callers keep the ids.
   */
  async fetchIds(remote: Remote, ids: string[], how: FetchDepth = {}): Promise<void> {
    const depth = how.unshallow ? ['--unshallow'] : how.depth ? [`--depth=${how.depth}`] : []
    await this.exec(
      [
        'fetch',
        '--quiet',
        '--no-tags',
        '--no-write-fetch-head',
        '--no-recurse-submodules',
        '--no-auto-gc',
        ...depth,
        '--stdin',
        '--',
        remote.url
      ],
      { remote, input: ids.join('\n') + '\n' }
    )
  }

  /**
   * One `git push --porcelain` of these updates. Never a '+' refspec: '+' makes git skip the lease
   * check, so the lease alone authorises a non-fast-forward. Returns git's answer, failed or not.
   */
  async push(remote: Remote, refs: PushRef[]): Promise<GitResult> {
    const leases = refs.flatMap(r => (r.lease ? [`--force-with-lease=${r.ref}:${r.lease.expect ?? ''}`] : []))
    const refspecs = refs.map(r => `${r.want ?? ''}:${r.ref}`)
    return this.exec(['push', '--porcelain', '--no-verify', ...leases, '--', remote.url, ...refspecs], {
      remote,
      allowFailure: true
    })
  }

  /** Which of these object ids the repository has, in one process. */
  async presentObjects(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set()
    const out = await this.exec(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
      input: ids.join('\n') + '\n'
    })
    const present = new Set<string>()
    for (const line of out.stdout.split('\n')) {
      const [id, type] = line.split(' ')
      if (id && type && type !== 'missing') present.add(id)
    }
    return present
  }

  /** What each of these objects peels to (an annotated tag → its commit); absent objects are left out. */
  async peeled(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const out = await this.exec(['cat-file', '--batch-check=%(objectname)'], {
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
    const out = await this.exec(['rev-list', '--topo-order', '--parents', '--stdin'], {
      input: tips.join('\n') + '\n'
    })
    return out.stdout.split('\n').filter(Boolean)
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
    const out = await this.exec(['rev-list', '-1', '--stdin', '--', dir], {
      input: `${tip}\n${exclude.map(t => `^${t}`).join('\n')}\n`,
      allowFailure: true
    })
    return out.code === 0 && out.stdout.trim() !== ''
  }

  /** Whether `dir` differs between two commits. */
  async pathDiffers(a: string, b: string, dir: string): Promise<boolean> {
    const diff = await this.exec(['diff', '--quiet', a, b, '--', dir], { allowFailure: true })
    return diff.code === 1
  }

  /**
   * A ref-less view of this repository to push from: it borrows the objects (alternates) and the
   * shallow boundary, but has no refs. `git push` matches each refspec against every local ref
   * with all of its abbreviation rules, which is quadratic and takes minutes for thousands of
   * refs; with none, pushing object ids is linear.
   */
  async pushView(): Promise<Git> {
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
    return (await this.exec(['show-ref', '--verify', name])).stdout.trim()
  }

  private async exec(args: string[], call: GitCall = {}): Promise<GitResult> {
    const env: Record<string, string> = {
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
      ...configEnv(remoteSettings(call.remote))
    }
    core.debug(`git ${scrub(args.join(' '))}`)
    const out = await getExecOutput('git', args, {
      cwd: this.gitDir,
      env,
      silent: true,
      ignoreReturnCode: true,
      input: call.input === undefined ? undefined : Buffer.from(call.input)
    })
    // stderr feeds every error message and warning: it is scrubbed here, before anything sees it.
    const result: GitResult = { code: out.exitCode, stdout: out.stdout, stderr: scrub(out.stderr) }
    if (result.code !== 0 && !call.allowFailure) {
      throw new GitError(explainGitFailure(args[0] ?? 'git', result.stderr, call.remote), result)
    }
    return result
  }
}
