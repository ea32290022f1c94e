import type { Remote } from './remote.js'

// What a dropped connection or an overloaded server looks like in git's (and curl's) words.
const TRANSIENT =
  /(RPC failed|curl \d+|the remote end hung up unexpectedly|stream \d+ was (not closed|reset)|returned error: 5\d\d|early EOF|Connection reset|Operation timed out|Empty reply from server|unexpected disconnect|transfer closed)/i

// A server refusing the credentials (HTTP 401), in git's and the servers' words.
const AUTH_REFUSED =
  /(Authentication failed|could not read Username|HTTP Basic: Access denied|The requested URL returned error: 401|Invalid username or (password|token))/i

/** True when the server refused the credentials themselves (401), e.g. an expired token. */
export function isAuthRefusal(stderr: string): boolean {
  return AUTH_REFUSED.test(stderr)
}

interface Known {
  pattern: RegExp
  explain: (where: string, match: RegExpMatchArray) => string
}

const AUTH: Known = {
  pattern: AUTH_REFUSED,
  explain: w => `authentication to ${w} failed: the token is invalid, expired, or not allowed to access it`
}

// Fragments GitHub and git print for failures a mirror meets (GitHub's documentation and other mirror actions' issue trackers); each
// becomes one line that names the fix instead of git's raw output.
const KNOWN: Known[] = [
  // SSH: what ssh itself prints when the host or the key is refused (before git says anything).
  {
    pattern:
      /REMOTE HOST IDENTIFICATION HAS CHANGED[\s\S]*?key sent by the remote host is\s+(SHA256:\S+?)\.?\s/,
    explain: (w, m) =>
      `the SSH host key of ${w} (${m[1]}) does not match the key pinned in ssh-known-hosts: nothing was sent; if the host really changed its key, check the new fingerprint against the ones it publishes and update ssh-known-hosts`
  },
  {
    pattern: /(No \S+ host key is known for \S+|Host key verification failed)/,
    explain: w =>
      `the SSH host key of ${w} could not be verified against ssh-known-hosts: add the host's key line (of the type it offers) to ssh-known-hosts`
  },
  {
    pattern:
      /(marked as read only|deploy key does not have write access|not allowed to push code|key is not allowed to write)/i,
    explain: w =>
      `the SSH deploy key of ${w} is read-only: allow write access for the deploy key on the target repository`
  },
  {
    pattern: /Permission denied \(publickey[^)]*\)/i,
    explain: w =>
      `${w} refused the SSH key (Permission denied (publickey)): add the key's public half as a deploy key of that repository (with write access for the target)`
  },
  {
    pattern: /(ssh: connect to host \S+ port \d+: [^\n]+|ssh: Could not resolve hostname [^\n]+)/i,
    explain: (w, m) =>
      `cannot reach ${w} over SSH (${m[1]!.replace(/^ssh: /, '')}): check the host, port and the runner's network`
  },
  {
    pattern: /refusing to allow a Personal Access Token .*without `workflow` scope/i,
    explain: w =>
      `${w} refused a change under .github/workflows/: add the 'workflow' scope to the PAT, use a GitHub App with 'workflows: write', or set sync-workflows: false`
  },
  {
    pattern: /refusing to allow a GitHub App .*without `workflows` permission/i,
    explain: w =>
      `${w} refused a change under .github/workflows/: grant the GitHub App 'workflows: write' on the target installation, or set sync-workflows: false`
  },
  {
    pattern: /refusing to allow an? (OAuth App|integration|GITHUB_TOKEN)[^\n]*workflow/i,
    explain: w =>
      `${w} refused a change under .github/workflows/: GITHUB_TOKEN can never push workflow files; use a PAT with 'workflow' scope or a GitHub App token`
  },
  {
    pattern: /GH006: Protected branch update failed for (\S+?)\.?(?:\s|$)/i,
    explain: (w, m) =>
      `${w} refused ${m[1]}: the branch is protected; allow this token to bypass the protection or sync that branch another way`
  },
  {
    pattern: /GH013: Repository rule violations found for ([^\s.]+)/i,
    explain: (w, m) => `${w} refused ${m[1]}: a repository ruleset blocks this update`
  },
  {
    pattern: /File (\S+) is ([\d.]+) MB; this exceeds GitHub's file size limit/i,
    explain: (w, m) =>
      `${w} refused file ${m[1]} (${m[2]} MB): GitHub refuses files over 100 MB; move it to Git LFS`
  },
  {
    pattern: /pack exceeds maximum allowed size/i,
    explain: w =>
      `${w} refused the push: it exceeds GitHub's 2 GiB push limit; mirror fewer refs per run first`
  },
  {
    pattern: /shallow update not allowed/i,
    explain: w => `${w} refused a push from a shallow history (a bug in repo-mirror: please report it)`
  },
  {
    pattern: /deny updating a hidden ref/i,
    explain: w => `${w} refused a hidden ref: only refs/heads/* and refs/tags/* can be mirrored`
  },
  {
    pattern: /The requested URL returned error: (30[1278])/,
    explain: (w, m) =>
      `${w} answered with a redirect (HTTP ${m[1]}), and a token is never sent to a redirect: set the repository input to its current URL`
  },
  AUTH,
  {
    pattern:
      /(The requested URL returned error: 403|Permission to \S+ denied|Write access to repository not granted)/i,
    explain: w =>
      `access to ${w} was denied (HTTP 403): the token lacks permission (needs contents: write to push)`
  },
  {
    pattern:
      /(Repository not found|repository '[^']*' not found|The requested URL returned error: 404|does not appear to be a git repository|not a git repository|No such file or directory)/i,
    explain: w => `${w} was not found: check the name and that the token can see it`
  },
  {
    pattern: /(Could not resolve host|Failed to connect|Connection refused|Couldn't connect to server)/i,
    explain: w => `cannot reach ${w}: check the server URL and the runner's network`
  },
  {
    pattern: TRANSIENT,
    explain: w => `the connection to ${w} failed mid-transfer (transient network or server error)`
  }
]

/** The one-line explanation of a failure GitHub or git is known to print, if the text has one. */
export function knownFailure(text: string, remote?: Remote): string | undefined {
  const where = remote?.display ?? 'the repository'
  for (const k of KNOWN) {
    const m = text.match(k.pattern)
    if (!m) continue
    // Asked for credentials it was never given: "invalid token" would send the user the wrong way.
    if (k === AUTH && remote && !remote.local && !remote.token)
      return `${where} requires authentication and no token was sent to it: give a token for it in source-token or target-token (an input whose secret does not exist, e.g. a misspelled name, is empty; the workflow's token is only ever sent to the runner's own GitHub server)`
    return k.explain(where, m)
  }
  return undefined
}

/** Turns git's stderr into one actionable line, naming the remote but never a credential. */
export function explainGitFailure(command: string, stderr: string, remote?: Remote): string {
  const where = remote?.display ?? 'the repository'
  const known = knownFailure(stderr, remote)
  if (known) return known
  const last = stderr
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('hint:'))
    .pop()
  return `git ${command} failed${remote ? ` for ${where}` : ''}: ${last ?? 'no output'}`
}

/** True when a failure is worth retrying: the network or the server, not our request. */
export function isTransient(stderr: string): boolean {
  // "Failed to connect" is checked here but explained above as "cannot reach": a runner's network
  // may come back, yet when it does not the user must look at the URL first.
  // "RPC failed; curl 22 ... returned error: 403" is a refusal, not a blip: never retried.
  if (/returned error: 4\d\d/.test(stderr)) return false
  // ssh refusing the host or the key ends with "the remote end hung up" too: a refusal, not a blip.
  if (
    /Host key verification failed|Permission denied \(publickey|marked as read only|deploy key/i.test(stderr)
  )
    return false
  return TRANSIENT.test(stderr) || /Failed to connect/i.test(stderr)
}
