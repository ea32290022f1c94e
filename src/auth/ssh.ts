import { nodeCrypto } from '../crypto.js'
import * as core from '../runner.js'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { registerSecret } from '../git/secrets.js'
import type { SshAddress } from '../inputs.js'
import type { Side } from './provider.js'

/**
 * GitHub's published SSH host keys, as docs.github.com lists them ("GitHub's SSH key fingerprints":
 * SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU Ed25519, SHA256:p2QAMXNIC1TJYWeIOttrVc98/R1BUFWu3/LiyKgUfQM
 * ECDSA, SHA256:uNiVztksCsDhcc0u9e8BujQXVUpKZIDTMczCvj3tD2s RSA). Pinned, so github.com never needs
 * ssh-known-hosts and a host presenting another key is refused.
 */
export const GITHUB_HOST_KEYS = [
  'github.com ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl',
  'github.com ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBEmKSENjQEezOmxkZMy7opKgwFB9nkt5YRrYMjNuG5N87uRgg6CLrbo5wAdT/y6v0mKV0U2w0WZ2YB/++Tpockg=',
  'github.com ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQCj7ndNxQowgcQnjshcLrqPEiiphnt+VTTvDP6mHBL9j1aNUkY4Ue1gvwnGLVlOhGeYrnZaMgRK6+PKCUXaDbC7qtbW8gIkhL7aGCsOr/C56SJMy/BCZfxd1nWzAOxSDPgVsmerOBYfNqltV9/hWCqBywINIR+5dIg6JTJ72pcEpEjcYgXkE2YEFXV1JHnsKgbLWNlhScqb2UmyRkQyytRLtL+38TGxkxCflmO+5Z8CSSNY7GidjMIZ7Q4zMjA2n1nGrlTDkzwDCsw+wqFPGQA179cnfGWOWRVruj16z6XyvxvjJwbz0wQZ75XK5tKSb7FNyeIEs4TT4jk+S4dhPeAUC5y+bDYirYgM4GC7uEnztnZyaVWQ7B381AK4Qdrwt51ZqExKbQpTUNn+EjqoTwvqNj4kqx5QUCI0ThS/YkOxJCXmPUWZbhjpCg56i+2aB6CmK2JGhn57K5mj0MNdBXA4/WnwH6XoPWJzK5Nyu2zB3nAZp+S5hpQs+p1vN1/wsjk='
]

/** How git reaches one remote over SSH: the command it runs, and the host it pins. */
export interface SshTransport {
  /** GIT_SSH_COMMAND for this remote's git processes. */
  command: string
  /** The host as known_hosts names it: `host`, or `[host]:port` off port 22. */
  host: string
  /** The private directory holding the key and known_hosts: removed when the run ends. */
  dir: string
  /** Where it connects, for commands besides git's own (git-lfs-authenticate). */
  address: SshAddress
}

/** `[host]:port` as known_hosts names a host on a port other than 22. */
export function hostSpec(a: SshAddress): string {
  return a.port && a.port !== 22 ? `[${a.host}]:${a.port}` : a.host
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** Masks each line of the key's body: the runner masks line by line, so the whole text alone is not enough. */
export function registerKey(key: string): void {
  registerSecret(key)
  for (const line of key.split('\n')) if (!line.startsWith('-----') && line.length >= 16) registerSecret(line)
}

function sshKeygen(args: string[]): {
  status: number | null
  stdout: string
  stderr: string
  missing: boolean
} {
  const r = spawnSync('ssh-keygen', args, { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } })
  const missing = (r.error as { code?: string } | undefined)?.code === 'ENOENT'
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', missing }
}

const NO_SSH =
  "ssh is not installed on this runner: install the OpenSSH client (e.g. 'apt-get install openssh-client'); GitHub's runners have it"

/**
 * Checks the key can be used without a prompt and returns its public fingerprint (safe to log: it is
 * what the host shows next to the deploy key). A key with a passphrase cannot work unattended.
 */
function publicFingerprint(keyFile: string, field: string): string {
  const r = sshKeygen(['-y', '-P', '', '-f', keyFile])
  if (r.missing) throw new Error(NO_SSH)
  if (r.status !== 0) {
    if (/passphrase/i.test(r.stderr))
      throw new Error(
        `${field} is protected by a passphrase, which cannot be typed in a workflow: create a deploy key without one (ssh-keygen -t ed25519 -N '' -f deploy_key) and store that`
      )
    throw new Error(
      `${field} could not be read by ssh (damaged, truncated, or an unsupported type): paste the whole private key file, BEGIN to END line`
    )
  }
  const [type, blob] = r.stdout.trim().split(/\s+/)
  const hash = nodeCrypto()
    .createHash('sha256')
    .update(Buffer.from(blob ?? '', 'base64'))
    .digest('base64')
    .replace(/=+$/, '')
  return `SHA256:${hash} (${type})`
}

/** True when known_hosts pins a key for this host (ssh-keygen applies ssh's own matching, hashed names too). */
function isPinned(knownHosts: string, host: string): boolean {
  const r = sshKeygen(['-F', host, '-f', knownHosts])
  if (r.missing) throw new Error(NO_SSH)
  return r.status === 0 && r.stdout.trim() !== ''
}

/**
 * Writes what SSH needs for this run into `dir` (a private 0700 work directory): the known_hosts of
 * GitHub plus the given lines, and each side's key as a 0600 file. Every host must be pinned before
 * anything connects: an unknown host stops the run here, with the line to add.
 */
export function prepareSsh(
  dir: string,
  sides: { side: Side; address: SshAddress; key: string }[],
  extraKnownHosts: string
): Record<Side, SshTransport | undefined> {
  const knownHosts = path.join(dir, 'known_hosts')
  writeFileSync(knownHosts, [...GITHUB_HOST_KEYS, extraKnownHosts].filter(Boolean).join('\n') + '\n', {
    mode: 0o600
  })
  const out: Record<Side, SshTransport | undefined> = { source: undefined, target: undefined }
  for (const { side, address, key } of sides) {
    const host = hostSpec(address)
    if (!isPinned(knownHosts, host)) {
      const scan = `ssh-keyscan${address.port && address.port !== 22 ? ` -p ${address.port}` : ''} ${address.host}`
      throw new Error(
        `no SSH host key is pinned for ${host} (${side}): add its line to ssh-known-hosts, e.g. the output of '${scan}' after checking its fingerprints against the ones ${address.host} publishes`
      )
    }
    const field = `${side}-ssh-key`
    registerKey(key)
    const keyFile = path.join(dir, `${side}_key`)
    // ssh refuses a key file without the final newline, and one readable by others.
    writeFileSync(keyFile, key.endsWith('\n') ? key : `${key}\n`, { mode: 0o600, flag: 'wx' })
    core.info(`${side}: SSH key ${publicFingerprint(keyFile, field)} for ${address.user}@${host}`)
    const command = [
      'ssh',
      // No user or system ssh config, no agent, no other identity: only this key and these pins.
      '-F /dev/null',
      `-i ${quote(keyFile)}`,
      '-o IdentitiesOnly=yes',
      '-o IdentityAgent=none',
      `-o UserKnownHostsFile=${quote(knownHosts)}`,
      '-o GlobalKnownHostsFile=/dev/null',
      '-o StrictHostKeyChecking=yes',
      '-o UpdateHostKeys=no',
      '-o CheckHostIP=no',
      '-o BatchMode=yes',
      '-o PasswordAuthentication=no',
      '-o KbdInteractiveAuthentication=no',
      '-o ConnectTimeout=30',
      '-o ServerAliveInterval=15'
    ].join(' ')
    out[side] = { command, host, dir, address }
  }
  return out
}
