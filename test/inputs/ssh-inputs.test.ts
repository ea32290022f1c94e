import { describe, expect, it } from 'vitest'
import { parseInputs } from '../../src/inputs.js'

const env = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_API_URL: 'https://api.github.com',
  GITHUB_REPOSITORY: 'octo/here'
}
const KEY = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----'
const problems = (raw: Record<string, string>) => {
  try {
    parseInputs(raw, env)
    return ''
  } catch (err) {
    return (err as Error).message
  }
}

describe('SSH repository forms', () => {
  it('reads git@host:path and ssh://user@host:port/path when that side has a key', () => {
    const o = parseInputs(
      {
        'source-repo': 'git@gitlab.com:group/sub/project.git',
        'source-ssh-key': KEY,
        'target-repo': 'ssh://git@git.example.com:2222/team/project.git',
        'target-ssh-key': KEY
      },
      env
    )
    expect(o.source).toEqual({
      kind: 'ssh',
      url: 'git@gitlab.com:group/sub/project.git',
      ssh: { user: 'git', host: 'gitlab.com', path: 'group/sub/project.git' }
    })
    expect(o.target).toEqual({
      kind: 'ssh',
      url: 'ssh://git@git.example.com:2222/team/project.git',
      ssh: { user: 'git', host: 'git.example.com', port: 2222, path: '/team/project.git' }
    })
  })

  it('owner/name with a key, or an SSH address on the GitHub server, is that GitHub repository over SSH', () => {
    const o = parseInputs(
      {
        'source-repo': 'git@github.com:octo/src.git',
        'source-ssh-key': KEY,
        'target-repo': 'octo/dst',
        'target-ssh-key': KEY
      },
      env
    )
    expect(o.source).toMatchObject({
      kind: 'github',
      owner: 'octo',
      name: 'src',
      url: 'git@github.com:octo/src.git'
    })
    expect(o.target).toMatchObject({
      kind: 'github',
      owner: 'octo',
      name: 'dst',
      url: 'git@github.com:octo/dst.git',
      ssh: { user: 'git', host: 'github.com', path: 'octo/dst.git' }
    })
    // The same repository over HTTPS and SSH is still the same repository.
    expect(
      problems({
        'source-repo': 'octo/dst',
        'target-repo': 'git@github.com:octo/dst.git',
        'target-ssh-key': KEY
      })
    ).toContain('source-repo and target-repo are the same repository')
  })

  it('an SSH address needs its key, and a key needs an SSH address', () => {
    expect(problems({ 'target-repo': 'git@gitlab.com:g/p.git' })).toContain(
      'target-repo is an SSH address: give target-ssh-key'
    )
    expect(problems({ 'target-repo': 'https://gitlab.com/g/p.git', 'target-ssh-key': KEY })).toContain(
      'target-repo is not an SSH address, but target-ssh-key is set'
    )
  })

  it('refuses passwords in ssh:// URLs, users that are not plain names and odd paths, without echoing them', () => {
    const msg = problems({ 'target-repo': 'ssh://git:hunter2secret@host/p.git', 'target-ssh-key': KEY })
    expect(msg).toContain('target-repo must not contain a password')
    expect(msg).not.toContain('hunter2secret')
    expect(problems({ 'target-repo': 'ssh://host/p.git', 'target-ssh-key': KEY })).toContain('names no user')
    expect(problems({ 'target-repo': 'git@host:../etc/passwd', 'target-ssh-key': KEY })).toContain(
      'repository path'
    )
    // user:token@host stays refused as a credential, never read as SSH.
    expect(problems({ 'target-repo': 'user:tok3nvalue@host:p.git', 'target-ssh-key': KEY })).not.toContain(
      'tok3nvalue'
    )
  })

  it('checks keys and known_hosts lines without echoing them', () => {
    const pub = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl me'
    const msg = problems({ 'target-repo': 'git@h:p.git', 'target-ssh-key': pub })
    expect(msg).toContain('target-ssh-key looks like a public key')
    expect(msg).not.toContain('AAAAC3Nza')
    expect(problems({ 'target-repo': 'git@h:p.git', 'target-ssh-key': 'not a key at all' })).toContain(
      'target-ssh-key is not a private key'
    )
    expect(
      problems({
        'target-repo': 'git@h:p.git',
        'target-ssh-key': KEY,
        'ssh-known-hosts': '# pins\nh ssh-ed25519'
      })
    ).toContain('ssh-known-hosts line 1 is not in known_hosts format')
    const ok = parseInputs(
      {
        'target-repo': 'git@h:p.git',
        'target-ssh-key': KEY.replace(/\n/g, '\\n'),
        'ssh-known-hosts':
          '# pins\n[h]:2222 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI\n@cert-authority *.h ssh-rsa AAAAB3Nz=='
      },
      env
    )
    expect(ok.targetSshKey).toBe(KEY)
    expect(ok.sshKnownHosts.split('\n')).toHaveLength(2)
  })
})

describe('HTTPS user names', () => {
  it("default to GitHub's x-access-token and take another host's name", () => {
    const o = parseInputs({ 'target-repo': 'a/b', 'source-username': 'oauth2' }, env)
    expect(o.sourceUsername).toBe('oauth2')
    expect(o.targetUsername).toBe('x-access-token')
  })

  it('refuses names with separators or spaces, without echoing them (a token may be pasted there)', () => {
    const msg = problems({ 'target-repo': 'a/b', 'target-username': 'me:ghp_abcdef123456' })
    expect(msg).toContain("target-username may use letters, digits and '._@+-'")
    expect(msg).not.toContain('ghp_abcdef123456')
  })
})
