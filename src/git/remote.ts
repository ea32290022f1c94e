import type { SshTransport } from '../auth/ssh.js'

/** A git remote as the run uses it: where it is, how to show it, and how to authenticate. */
export interface Remote {
  /** URL or path handed to git. Never contains credentials. */
  url: string
  /** What logs and reports call it (owner/name or the URL). */
  display: string
  /** `owner/name` when the remote is on a GitHub server, for links and API calls. */
  githubRepo?: string
  /** Web base URL of the GitHub server, e.g. https://github.com. */
  serverUrl?: string
  /** True for a local path: no credentials, no network. */
  local: boolean
  /** For HTTPS (and the GitHub API even when git goes over SSH). */
  token?: string
  /**
   * Present when `token` expires (a GitHub App installation token): makes `token` the one to use
   * now — re-minted when it expires soon, or when the server refused `refused` — and returns it.
   */
  renew?: (refused?: string) => Promise<string | undefined>
  /** HTTPS user name sent with the token (x-access-token unless the host wants another). */
  username?: string
  /** Set when git reaches this remote over SSH: its key and pinned host keys. */
  ssh?: SshTransport
}

/** 'http' or 'https' for a smart HTTP remote, whose helper git can speak protocol v2 through. */
export function httpScheme(remote: Remote): 'http' | 'https' | undefined {
  if (remote.local || remote.ssh) return undefined
  return /^(https?):\/\//.exec(remote.url)?.[1] as 'http' | 'https' | undefined
}
