import * as core from '@actions/core'
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
    // Keyed on the origin, not the repository path, so a same-host redirect (a renamed repository)
    // still authenticates; each git process talks to one remote, so no other remote sees the token.
    settings[`http.${new URL(remote.url).origin}/.extraHeader`] = basicAuthHeader(remote.token)
  }
  return settings
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
      // Empty (not unset) so git also ignores core.askPass: a refused token fails at once.
      GIT_ASKPASS: '',
      SSH_ASKPASS: '',
      LC_ALL: 'C',
      ...configEnv({ ...remoteSettings(call.remote), ...call.config })
    }
    core.debug(`git ${scrub(args.join(' '))}`)
    const out = await getExecOutput('git', args, {
      cwd: this.gitDir,
      env,
      silent: true,
      ignoreReturnCode: true,
      input: call.input === undefined ? undefined : Buffer.from(call.input)
    })
    const result: GitResult = { code: out.exitCode, stdout: out.stdout, stderr: scrub(out.stderr) }
    if (result.code !== 0 && !call.allowFailure) {
      throw new GitError(explainGitFailure(args[0] ?? 'git', result.stderr, call.remote), result)
    }
    return result
  }
}
