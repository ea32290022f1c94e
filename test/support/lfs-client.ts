import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const run = promisify(execFile)

/**
 * A working clone driven by the real git and git-lfs clients, authenticated like the action (a
 * Basic header through GIT_CONFIG_* in the environment), with its own HOME so no user config applies.
 */
export class LfsClone {
  private constructor(
    readonly dir: string,
    private readonly home: string,
    private readonly token: string
  ) {}

  // Asynchronous throughout: the test's git server lives in this same process and must keep serving.
  static async clone(url: string, token: string): Promise<LfsClone> {
    const base = mkdtempSync(path.join(os.tmpdir(), 'rm-lfs-clone-'))
    const home = path.join(base, 'home')
    mkdirSync(home)
    const c = new LfsClone(path.join(base, 'work'), home, token)
    await c.git(['clone', '--quiet', url, c.dir], base)
    await c.git(['lfs', 'install', '--local'])
    return c
  }

  async git(args: string[], cwd = this.dir): Promise<string> {
    const header = `Authorization: Basic ${Buffer.from(`x-access-token:${this.token}`).toString('base64')}`
    const out = await run('git', args, {
      cwd,
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH,
        HOME: this.home,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_TERMINAL_PROMPT: '0',
        GIT_CONFIG_COUNT: '3',
        GIT_CONFIG_KEY_0: 'http.extraHeader',
        GIT_CONFIG_VALUE_0: header,
        GIT_CONFIG_KEY_1: 'user.name',
        GIT_CONFIG_VALUE_1: 'LFS Test',
        GIT_CONFIG_KEY_2: 'user.email',
        GIT_CONFIG_VALUE_2: 'lfs@example.com'
      }
    })
    return out.stdout
  }

  /** Commits files (LFS-tracked by .gitattributes where it says so) on a branch and pushes it. */
  async commitAndPush(
    branch: string,
    files: Record<string, Buffer | string>,
    message: string
  ): Promise<string> {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(this.dir, name)), { recursive: true })
      writeFileSync(path.join(this.dir, name), content)
    }
    await this.git(['add', '--', ...Object.keys(files)])
    await this.git(['commit', '--quiet', '-m', message])
    await this.git(['push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`])
    return (await this.git(['rev-parse', 'HEAD'])).trim()
  }

  read(name: string): Buffer {
    return readFileSync(path.join(this.dir, name))
  }

  remove(): void {
    rmSync(path.dirname(this.dir), { recursive: true, force: true })
  }
}
