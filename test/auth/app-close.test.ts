import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { AppProvider } from '../../src/auth/app.js'
import { PatProvider } from '../../src/auth/pat.js'
import { makeTestApp, startGitHubApiServer, type GitHubApiServer } from '../support/github-api-server.js'

let api: GitHubApiServer | undefined
let root: string | undefined
afterEach(async () => {
  await api?.close()
  if (root) rmSync(root, { recursive: true, force: true })
})

describe('App tokens after close', () => {
  // A git command still running when a failed run closes gets a 401 for its revoked token; that
  // refusal must not mint a token nobody will revoke.
  it('a refusal after close() re-mints nothing; before close() it does', async () => {
    const app = makeTestApp()
    root = mkdtempSync(join(tmpdir(), 'rm-app-close-'))
    api = await startGitHubApiServer({
      app,
      installations: [{ id: 7, account: 'octo', permissions: { contents: 'write', metadata: 'read' } }],
      repos: [
        { owner: 'octo', name: 'src', gitPath: 'octo/src.git', defaultBranch: 'main', installationId: 7 }
      ],
      gitRoot: root,
      gitTokens: new Map()
    })
    const provider = new AppProvider({
      app: { appId: app.appId, privateKey: app.privateKey },
      apiUrl: api.url,
      workflows: false,
      fallback: new PatProvider({
        tokens: { source: '', target: '' },
        workflowToken: '',
        runnerServerUrl: 'https://github.com'
      }),
      retries: 0
    })
    const repo = {
      kind: 'github' as const,
      owner: 'octo',
      name: 'src',
      url: 'https://github.com/octo/src.git',
      serverUrl: 'https://github.com'
    }
    const first = await provider.tokenFor('source', repo)
    const second = await provider.renew('source', first)
    expect(second).not.toBe(first)
    expect(api.issued).toHaveLength(2)

    await provider.close()
    expect(api.issued.every(t => t.revoked)).toBe(true)
    expect(await provider.renew('source', second)).toBe(second)
    expect(api.issued).toHaveLength(2)
  })
})
