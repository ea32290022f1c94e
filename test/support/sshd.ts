import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'

/** A key pair made with ssh-keygen; `privateKey` is what a user stores as the secret. */
export interface KeyPair {
  privateKey: string
  publicKey: string
}

export function makeKey(
  opts: { type?: 'ed25519' | 'rsa'; passphrase?: string; pem?: boolean } = {}
): KeyPair {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rm-key-'))
  try {
    const file = path.join(dir, 'k')
    const args = ['-q', '-t', opts.type ?? 'ed25519', '-N', opts.passphrase ?? '', '-C', 'test', '-f', file]
    if (opts.type === 'rsa') args.push('-b', '2048')
    if (opts.pem) args.push('-m', 'PEM')
    execFileSync('ssh-keygen', args)
    return { privateKey: readFileSync(file, 'utf8'), publicKey: readFileSync(`${file}.pub`, 'utf8').trim() }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface SshServer {
  port: number
  /** The user git connects as (sshd only lets in the user it runs as). */
  user: string
  /** `ssh://user@127.0.0.1:port/<name>` for a repository under root. */
  repoUrl: (name: string) => string
  /** The host key line a user would put in ssh-known-hosts. */
  knownHostsLine: string
  /** Authorises a key: read-only keys may fetch but not push, as a host's read-only deploy key. */
  authorize: (key: KeyPair, opts?: { readOnly?: boolean }) => void
  /** Every command the gate ran or refused, e.g. "git-upload-pack '/src.git'". */
  commands: () => string[]
  close: () => Promise<void>
}

function sshdBinary(): string {
  for (const p of ['/usr/sbin/sshd', '/usr/bin/sshd', '/usr/local/sbin/sshd']) if (existsSync(p)) return p
  throw new Error('sshd not found: install openssh-server (.ci/run does)')
}

async function freePort(): Promise<number> {
  const s = net.createServer()
  await new Promise<void>(resolve => s.listen(0, '127.0.0.1', resolve))
  const { port } = s.address() as net.AddressInfo
  await new Promise(resolve => s.close(resolve))
  return port
}

const accepts = (port: number) =>
  new Promise<boolean>(resolve => {
    const c = net.connect(port, '127.0.0.1')
    c.once('connect', () => (c.destroy(), resolve(true)))
    c.once('error', () => resolve(false))
  })

/**
 * A real OpenSSH server on a loopback port with its own host key and authorized keys. Each key is
 * forced through a gate that allows only git-upload-pack / git-receive-pack on repositories under
 * `root` (and only upload-pack for a read-only key), as a git host's deploy keys do.
 */
export async function startSshd(root: string): Promise<SshServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rm-sshd-'))
  const hostKey = path.join(dir, 'host_key')
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test-host', '-f', hostKey])
  const authorized = path.join(dir, 'authorized_keys')
  const log = path.join(dir, 'commands.log')
  writeFileSync(authorized, '')
  writeFileSync(log, '')
  const gate = path.join(dir, 'gate.sh')
  writeFileSync(
    gate,
    `#!/bin/sh
# $1 = rw | ro. Only git's two commands, on a repository under the root.
set -f
echo "$SSH_ORIGINAL_COMMAND" >> '${log}'
case "$SSH_ORIGINAL_COMMAND" in
  "git-upload-pack '"*"'") ;;
  "git-receive-pack '"*"'")
    if [ "$1" = ro ]; then
      echo "ERROR: The key you are authenticating with has been marked as read only." >&2
      exit 1
    fi ;;
  *) echo "gate: only git-upload-pack and git-receive-pack are allowed" >&2; exit 1 ;;
esac
cmd=\${SSH_ORIGINAL_COMMAND%% *}
p=\${SSH_ORIGINAL_COMMAND#* \\'}; p=\${p%\\'}; p=\${p#/}
case "$p" in *..*) echo "gate: bad path" >&2; exit 1 ;; esac
exec "$cmd" '${root}'/"$p"
`,
    { mode: 0o755 }
  )
  const user = os.userInfo().username
  // sshd as root needs its privilege separation directory; as another user it runs without one.
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true, mode: 0o755 })

  let child: ChildProcess | undefined
  let port = 0
  let stderr = ''
  for (let attempt = 0; attempt < 5 && !child; attempt++) {
    port = await freePort()
    const config = path.join(dir, 'sshd_config')
    writeFileSync(
      config,
      [
        `Port ${port}`,
        'ListenAddress 127.0.0.1',
        `HostKey ${hostKey}`,
        `AuthorizedKeysFile ${authorized}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        // The test's own server: no PAM, no permission checks on the temp dirs, keys only.
        'UsePAM no',
        'StrictModes no',
        'PasswordAuthentication no',
        'KbdInteractiveAuthentication no',
        'PubkeyAuthentication yes',
        'PermitRootLogin prohibit-password',
        `AllowUsers ${user}`,
        'LogLevel VERBOSE',
        ''
      ].join('\n')
    )
    const p = spawn(sshdBinary(), ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    p.stderr.on('data', d => (stderr += String(d)))
    const deadline = Date.now() + 20_000
    let up = false
    while (!up && p.exitCode === null && Date.now() < deadline) {
      await new Promise(r => setTimeout(r, 50))
      up = await accepts(port)
    }
    if (up) child = p
    else p.kill('SIGKILL')
  }
  if (!child) throw new Error(`sshd did not start: ${stderr}`)
  const keys: string[] = []
  const server = child
  return {
    port,
    user,
    repoUrl: name => `ssh://${user}@127.0.0.1:${port}/${name}`,
    knownHostsLine: `[127.0.0.1]:${port} ${readFileSync(`${hostKey}.pub`, 'utf8').trim().split(' ').slice(0, 2).join(' ')}`,
    authorize(key, opts = {}) {
      keys.push(`restrict,command="${gate} ${opts.readOnly ? 'ro' : 'rw'}" ${key.publicKey}`)
      writeFileSync(authorized, keys.join('\n') + '\n')
    },
    commands: () => readFileSync(log, 'utf8').split('\n').filter(Boolean),
    async close() {
      const gone = new Promise(resolve => server.once('exit', resolve))
      server.kill('SIGTERM')
      await Promise.race([gone, new Promise(r => setTimeout(r, 3000))])
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
