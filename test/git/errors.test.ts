import { describe, expect, it } from 'vitest'
import { explainGitFailure } from '../../src/git/errors.js'
import type { Remote } from '../../src/git/remote.js'

const target: Remote = {
  url: 'https://github.com/octo/dst.git',
  display: 'octo/dst',
  local: false,
  token: 'ghp_x'
}

// What GitHub prints, word for word (github-facts.md); each must become one line that names the fix.
const cases: [string, string, RegExp][] = [
  [
    'PAT without the workflow scope',
    ' ! [remote rejected] main -> main (refusing to allow a Personal Access Token to create or update workflow `.github/workflows/ci.yml` without `workflow` scope)',
    /^octo\/dst refused a change under \.github\/workflows\/: add the 'workflow' scope to the PAT, use a GitHub App with 'workflows: write', or set sync-workflows: false$/
  ],
  [
    'App without the workflows permission',
    ' ! [remote rejected] main -> main (refusing to allow a GitHub App to create or update workflow `.github/workflows/ci.yml` without `workflows` permission)',
    /^octo\/dst refused a change under \.github\/workflows\/: grant the GitHub App 'workflows: write' on the target installation, or set sync-workflows: false$/
  ],
  [
    'OAuth App token (GITHUB_TOKEN family)',
    ' ! [remote rejected] main -> main (refusing to allow an OAuth App to create or update workflow `.github/workflows/ci.yml` without `workflow` scope)',
    /GITHUB_TOKEN can never push workflow files/
  ],
  [
    'protected branch, dotted name',
    'remote: error: GH006: Protected branch update failed for refs/heads/release/1.2.\n ! [remote rejected] release/1.2 -> release/1.2 (protected branch hook declined)',
    /^octo\/dst refused refs\/heads\/release\/1\.2: the branch is protected/
  ],
  [
    'ruleset',
    'remote: error: GH013: Repository rule violations found for refs/heads/main.',
    /^octo\/dst refused refs\/heads\/main: a repository ruleset blocks this update$/
  ],
  [
    'file over 100 MB',
    "remote: error: File big.bin is 120.50 MB; this exceeds GitHub's file size limit of 100.00 MB\nremote: error: GH001: Large files detected.",
    /^octo\/dst refused file big\.bin \(120\.50 MB\): GitHub refuses files over 100 MB; move it to Git LFS$/
  ],
  [
    'push over 2 GiB',
    'remote: fatal: pack exceeds maximum allowed size',
    /exceeds GitHub's 2 GiB push limit/
  ],
  [
    'bad credentials',
    "remote: Invalid username or token. Password authentication is not supported for Git operations.\nfatal: Authentication failed for 'https://github.com/octo/dst.git/'",
    /^authentication to octo\/dst failed: the token is invalid, expired, or not allowed/
  ],
  [
    'repository not found (git 2.x wording)',
    "fatal: repository 'https://github.com/octo/dst.git/' not found",
    /^octo\/dst was not found: check the name and that the token can see it$/
  ],
  [
    'no write access',
    'remote: Permission to octo/dst.git denied to bot.\nfatal: unable to access: The requested URL returned error: 403',
    /^access to octo\/dst was denied \(HTTP 403\)/
  ]
]

describe('GitHub failures become one actionable line', () => {
  for (const [name, stderr, want] of cases) {
    it(name, () => {
      const line = explainGitFailure('push', stderr, target)
      expect(line).toMatch(want)
      expect(line).not.toContain('\n')
    })
  }
})

describe('what is worth retrying', () => {
  it('retries dropped connections and 5xx, never a refusal that curl reports as RPC failed', async () => {
    const { isTransient } = await import('../../src/git/errors.js')
    expect(
      isTransient('error: RPC failed; curl 18 transfer closed with outstanding read data remaining')
    ).toBe(true)
    expect(isTransient('error: RPC failed; HTTP 502 curl 22 The requested URL returned error: 502')).toBe(
      true
    )
    expect(isTransient('error: RPC failed; HTTP 403 curl 22 The requested URL returned error: 403')).toBe(
      false
    )
    expect(isTransient('fatal: unable to access: The requested URL returned error: 413')).toBe(false)
  })
})

describe('an empty token', () => {
  it('is named as empty, not as invalid, when git is refused without one', () => {
    const line = explainGitFailure(
      'ls-remote',
      "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
      { ...target, token: undefined }
    )
    expect(line).toMatch(/^octo\/dst requires authentication and no token was sent to it/)
    expect(line).toMatch(/is empty/)
    expect(line).not.toMatch(/invalid/)
  })
})
