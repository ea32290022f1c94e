import { describe, expect, it } from 'vitest'
import { credentialFor, type GivenCredentials } from '../../src/auth/remotes.js'
import type { RepoSpec } from '../../src/inputs.js'

const WORKFLOW = 'ghs_workflowtoken0123456789'
const given = (tokens: Partial<GivenCredentials['tokens']> = {}): GivenCredentials => ({
  tokens: { source: '', target: '', ...tokens },
  workflowToken: WORKFLOW,
  runnerServerUrl: 'https://github.com'
})
const onGitHub: RepoSpec = {
  kind: 'github',
  owner: 'o',
  name: 'r',
  serverUrl: 'https://github.com',
  url: 'https://github.com/o/r.git'
}
const onGitLab: RepoSpec = { kind: 'url', url: 'https://gitlab.com/o/r.git' }
const onGhes: RepoSpec = {
  kind: 'github',
  owner: 'o',
  name: 'r',
  serverUrl: 'https://ghe.example.com',
  url: 'https://ghe.example.com/o/r.git'
}

describe('credentialFor: each token only for the host it was given for', () => {
  it("the workflow's token serves a source on the runner's server, and no other host", () => {
    expect(credentialFor('source', onGitHub, given()).token).toBe(WORKFLOW)
    expect(credentialFor('source', { kind: 'url', url: 'https://github.com/o/r' }, given()).token).toBe(
      WORKFLOW
    )
    for (const spec of [onGitLab, onGhes, { kind: 'url', url: 'http://github.com/o/r' } as RepoSpec])
      expect(credentialFor('source', spec, given()).token, JSON.stringify(spec)).toBeUndefined()
  })

  it('is recognised when pasted into source-token or target-token (${{ github.token }})', () => {
    expect(credentialFor('source', onGitLab, given({ source: WORKFLOW })).token).toBeUndefined()
    expect(credentialFor('target', onGitLab, given({ target: WORKFLOW })).token).toBeUndefined()
    expect(credentialFor('target', onGitHub, given({ target: WORKFLOW })).token).toBe(WORKFLOW)
  })

  it("is never the target's fallback: a push needs a token given for it", () => {
    expect(credentialFor('target', onGitHub, given()).token).toBeUndefined()
  })

  it('an explicit token goes to its own side’s repository, wherever that is', () => {
    expect(credentialFor('source', onGitLab, given({ source: 'glpat-abc' })).token).toBe('glpat-abc')
    expect(credentialFor('target', onGhes, given({ target: 'ghp_x' })).token).toBe('ghp_x')
    expect(credentialFor('source', onGitLab, given({ target: 'ghp_x' })).token).toBeUndefined()
  })

  it('a local path never gets a token; the reason never contains one', () => {
    expect(
      credentialFor('source', { kind: 'path', path: './x' }, given({ source: 'ghp_x' })).token
    ).toBeUndefined()
    for (const spec of [onGitHub, onGitLab, onGhes])
      expect(credentialFor('source', spec, given({ source: 'ghp_secret' })).why).not.toMatch(
        /ghp_secret|ghs_/
      )
  })
})
