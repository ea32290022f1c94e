import * as core from '@actions/core'
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process'
import type { Readable, Writable } from 'node:stream'
import { getExecOutput } from '@actions/exec'
import type { Remote } from './remote.js'
import { basicAuthHeader, scrub } from './secrets.js'
import { explainGitFailure, isAuthRefusal } from './errors.js'

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

let stopping = false
/** git runs begun and not yet settled: a run's process may not exist yet when a cancel comes. */
let inFlight = 0

/** True once the run was cancelled: nothing new may start. */
export function isStopping(): boolean {
  return stopping
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

/** The one way this action runs git. */
export class Git {
  constructor(readonly gitDir: string) {}

  async run(args: string[], call: GitCall = {}): Promise<GitResult> {
    if (stopping)
      throw new GitError(`git ${args[0] ?? ''} not started: the run was cancelled`, {
        code: -1,
        stdout: '',
        stderr: ''
      })
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

  /**
   * Starts git for a conversation over its standard input and output (a remote helper speaking
   * the protocol), with the same environment as `run`: the remote's credentials only there. The
   * caller ends it; a cancelled run stops it with every other git.
   */
  async open(args: string[], call: GitCall = {}): Promise<ChildProcessByStdio<Writable, Readable, Readable>> {
    if (stopping)
      throw new GitError(`git ${args[0] ?? ''} not started: the run was cancelled`, {
        code: -1,
        stdout: '',
        stderr: ''
      })
    if (call.remote?.renew) await call.remote.renew()
    core.debug(`git ${scrub(args.join(' '))}`)
    const child = spawn('git', args, {
      cwd: this.gitDir,
      env: this.env(call),
      stdio: ['pipe', 'pipe', 'pipe']
    })
    inFlight++
    child.on('close', () => inFlight--)
    return child
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
    const out = await getExecOutput('git', args, {
      cwd: this.gitDir,
      env,
      silent: true,
      ignoreReturnCode: true,
      input: typeof call.input === 'string' ? Buffer.from(call.input) : call.input
    }).finally(() => inFlight--)
    // stderr feeds every error message and warning: it is scrubbed here, before anything sees it.
    return { code: out.exitCode, stdout: out.stdout, stderr: scrub(out.stderr) }
  }
}

/**
 * Fetched packs stay packs: below unpackLimit objects git explodes a pack into loose objects, which
 * for a few large files means compressing them again, then once more when the push packs them.
 */
export async function keepFetchedPacks(git: Git): Promise<void> {
  await git.run(['config', 'fetch.unpackLimit', '1'])
  await git.run(['config', 'transfer.unpackLimit', '1'])
}
