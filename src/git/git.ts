import * as core from '@actions/core'
import { spawn, type ChildProcess } from 'node:child_process'
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
  /** Extra `-c`-style settings for this call only. */
  config?: Record<string, string>
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
  if (remote?.token && !remote.local) {
    settings[`http.${remote.url}.extraHeader`] = basicAuthHeader(remote.token)
  }
  return settings
}

// Every git process still running, so a cancelled run can stop them before removing their
// directories: a git left behind would keep pushing, or recreate the work dir it writes into.
const running = new Set<ChildProcess>()
// Each git runs in its own process group (POSIX), so stopping it stops everything it started.
const GROUPS = process.platform !== 'win32'

/** Stops every running git (SIGTERM) and resolves once they have exited, or after `waitMs`. */
export function stopAllGit(waitMs = 2000): Promise<void> {
  const exits = [...running].map(
    (child) => new Promise<void>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())))
  )
  for (const child of running) {
    // The whole group: git's own children (git-remote-http, index-pack) must not live on either.
    try {
      if (GROUPS && child.pid) process.kill(-child.pid, 'SIGTERM')
      else child.kill('SIGTERM')
    } catch {
      child.kill('SIGTERM')
    }
  }
  return Promise.race([Promise.all(exits).then(() => undefined), new Promise<void>((r) => setTimeout(r, waitMs).unref())])
}

function exec(args: string[], cwd: string, env: NodeJS.ProcessEnv, input?: string): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, detached: GROUPS })
    running.add(child)
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', (d: Buffer) => stdout.push(d))
    child.stderr.on('data', (d: Buffer) => stderr.push(d))
    // git may exit before reading all its input (e.g. a failed connection): that is not our error.
    child.stdin.on('error', () => undefined)
    child.stdin.end(input)
    child.on('error', (err) => {
      running.delete(child)
      reject(err)
    })
    child.on('close', (code, signal) => {
      running.delete(child)
      const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8')
      resolve({ code: code ?? (signal ? 128 : 1), stdout: text(stdout), stderr: text(stderr) })
    })
  })
}

/** The one way this action runs git. */
export class Git {
  constructor(readonly gitDir: string) {}

  async run(args: string[], call: GitCall = {}): Promise<GitResult> {
    const env: Record<string, string> = {
      ...(process.env as Record<string, string>),
      GIT_DIR: this.gitDir,
      GIT_TERMINAL_PROMPT: '0',
      GCM_INTERACTIVE: 'Never',
      // Empty, so git asks nobody: no prompt, and no made-up credentials retried after a 401.
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      LC_ALL: 'C',
      // A workflow may set GIT_TRACE_CURL & co. for debugging: git must still redact the
      // Authorization header in what it traces, whatever GIT_TRACE_REDACT the job set.
      GIT_TRACE_REDACT: '1',
      ...configEnv({ ...remoteSettings(call.remote), ...call.config })
    }
    core.debug(`git ${scrub(args.join(' '))}`)
    const out = await exec(args, this.gitDir, env, call.input)
    // stderr feeds every error message and warning: it is scrubbed here, before anything sees it.
    const result: GitResult = { code: out.code, stdout: out.stdout, stderr: scrub(out.stderr) }
    if (result.code !== 0 && !call.allowFailure) {
      throw new GitError(explainGitFailure(args[0] ?? 'git', result.stderr, call.remote), result)
    }
    return result
  }
}
