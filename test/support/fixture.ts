import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { runAction, type ActionRun, type RunOptions } from './action.js'
import { startGitHttpServer, type GitHttpServer, type GitHttpServerOptions } from './git-http-server.js'
import { BareRepo } from './repos.js'

export const newToken = (prefix = 'ghp_') => prefix + randomBytes(18).toString('hex')

export interface MirrorFixture {
  root: string
  src: BareRepo
  dst: BareRepo
  server: GitHttpServer
  srcToken: string
  dstToken: string
  /** Inputs pointing the action at the two served repos with their tokens. */
  inputs: (extra?: Record<string, string>) => Record<string, string>
  /** Runs the action, then proves no token leaked into any file or log of that run. */
  run: (extra?: Record<string, string>, opts?: RunOptions & { keepWorkDirs?: boolean }) => Promise<ActionRun>
  /** Every token any run used, for the leak scan. */
  tokens: string[]
  cleanup: () => Promise<void>
}

export async function mirrorFixture(
  opts: {
    defaultBranch?: string
    server?: Partial<GitHttpServerOptions>
    /** Paths of the two repos under the server root, e.g. 'octo-src/src.git' for owner/name serving. */
    names?: { src: string; dst: string }
  } = {}
): Promise<MirrorFixture> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'rm-fixture-'))
  const names = opts.names ?? { src: 'src.git', dst: 'dst.git' }
  const src = BareRepo.create(root, names.src, opts.defaultBranch)
  const dst = BareRepo.create(root, names.dst, opts.defaultBranch)
  const srcToken = newToken()
  const dstToken = newToken()
  const server = await startGitHttpServer({
    root,
    tokens: new Map<string, string[] | '*'>([
      [srcToken, [names.src]],
      [dstToken, [names.dst]]
    ]),
    ...opts.server
  })
  const runnerTemps: string[] = []
  const tokens = [srcToken, dstToken]
  const inputs = (extra: Record<string, string> = {}) => ({
    'source-repo': server.repoUrl(names.src),
    'target-repo': server.repoUrl(names.dst),
    'source-token': srcToken,
    'target-token': dstToken,
    ...extra
  })
  return {
    root,
    src,
    dst,
    server,
    srcToken,
    dstToken,
    tokens,
    inputs,
    async run(extra, runOpts) {
      // runAction scans the run's files and logs; the fixture adds its repos and every token it knows.
      const result = await runAction(inputs(extra), {
        ...runOpts,
        secrets: [...tokens, ...(runOpts?.secrets ?? [])],
        scanDirs: [root, ...(runOpts?.scanDirs ?? [])]
      })
      runnerTemps.push(result.runnerTemp)
      // The work repository is gone after every run, whatever happened in it.
      const left = readdirSync(result.runnerTemp).filter(d => /^repo-mirror-(?!report$)/.test(d))
      if (left.length && !runOpts?.keepWorkDirs) throw new Error(`temp dirs left behind: ${left.join(', ')}`)
      return result
    },
    async cleanup() {
      await server.close()
      for (const d of [root, ...runnerTemps]) rmSync(d, { recursive: true, force: true })
    }
  }
}
