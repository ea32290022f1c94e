import * as core from '@actions/core'
import { spawnSync } from 'node:child_process'
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
    // Keyed on the origin, not the repository path, so a same-host redirect (a renamed repository)
    // still authenticates; each git process talks to one remote, so no other remote sees the token.
    settings[`http.${new URL(remote.url).origin}/.extraHeader`] = basicAuthHeader(
      remote.token,
      remote.username
    )
  }
  return settings
}

/** For an SSH remote: git runs ssh with this run's key and pinned host keys, nothing from the user's setup. */
function sshEnv(remote: Remote | undefined): Record<string, string> {
  if (!remote?.ssh) return {}
  return { GIT_SSH_COMMAND: remote.ssh.command, GIT_SSH_VARIANT: 'ssh' }
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
      ...sshEnv(call.remote),
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
