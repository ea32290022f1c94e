import { generateKeyPairSync } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { INPUT_NAMES, parseInputs } from '../../src/inputs.js'
import { ROOT } from '../support/action.js'

const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs1', format: 'pem' })
  .toString()
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString()
const env = { GITHUB_REPOSITORY: 'octo/src', GITHUB_SERVER_URL: 'https://github.com' }
const parse = (raw: Record<string, string>, e: NodeJS.ProcessEnv = env) =>
  parseInputs({ 'target-repo': 'octo/dst', ...raw }, e)
const problems = (raw: Record<string, string>, e: NodeJS.ProcessEnv = env) => {
  try {
    parse(raw, e)
    return []
  } catch (err) {
    return (err as Error).message.split('\n')
  }
}

describe('App and GitHub inputs', () => {
  it('accepts a key with literal \\n escapes and yields the same PEM', () => {
    const o = parse({ 'app-id': '123', 'app-private-key': rsa.trim().replace(/\n/g, '\\n') })
    expect(o.app).toEqual({ appId: '123', privateKey: rsa.trim(), installationId: undefined })
  })

  it('reads the installation id, sync-workflows and the API URL defaults', () => {
    const o = parse({
      'app-id': '123',
      'app-private-key': rsa,
      'app-installation-id': '987',
      'sync-workflows': 'false'
    })
    expect(o.app?.installationId).toBe(987)
    expect(o.syncWorkflows).toBe(false)
    expect(o.apiUrl).toBe('https://api.github.com')
    expect(parse({}, { ...env, GITHUB_API_URL: 'https://ghe.example.com/api/v3/' }).apiUrl).toBe(
      'https://ghe.example.com/api/v3'
    )
    expect(parse({}).app).toBeUndefined()
    expect(parse({}).syncWorkflows).toBe(true)
  })

  it('derives the API from github-server-url when only the server was changed', () => {
    const runner = { ...env, GITHUB_API_URL: 'https://api.github.com' }
    // The runner's own API URL as the input default, but another server named: ask that server.
    expect(
      parse(
        { 'github-server-url': 'https://ghe.example.com', 'github-api-url': 'https://api.github.com' },
        runner
      ).apiUrl
    ).toBe('https://ghe.example.com/api/v3')
    expect(
      parse(
        {
          'github-server-url': 'https://ghe.example.com',
          'github-api-url': 'https://ghe.example.com/custom'
        },
        runner
      ).apiUrl
    ).toBe('https://ghe.example.com/custom')
    expect(parse({ 'github-server-url': 'https://github.com' }, runner).apiUrl).toBe('https://api.github.com')
  })

  it('names each App input problem on its own line', () => {
    expect(problems({ 'app-id': '123' })).toEqual([
      expect.stringMatching(/^app-id is set but app-private-key is empty/)
    ])
    expect(problems({ 'app-private-key': rsa })).toEqual([
      expect.stringMatching(/^app-private-key is set but app-id is empty/)
    ])
    expect(problems({ 'app-id': 'my app', 'app-private-key': rsa })).toEqual([
      expect.stringMatching(/^app-id must be the App's numeric id/)
    ])
    expect(problems({ 'app-id': '1', 'app-private-key': 'not a key' })).toEqual([
      expect.stringMatching(/^app-private-key is not a PEM private key/)
    ])
    expect(problems({ 'app-id': '1', 'app-private-key': ec })).toEqual([
      expect.stringMatching(/^app-private-key is a ec key, but GitHub App keys are RSA/)
    ])
    expect(problems({ 'app-id': '1', 'app-private-key': rsa, 'app-installation-id': 'abc' })).toEqual([
      expect.stringMatching(/^app-installation-id must be a whole number/)
    ])
  })

  it('allows plain http API and server URLs only on loopback', () => {
    expect(problems({ 'github-api-url': 'http://api.example.com' })).toEqual([
      'github-api-url must use https:// (plain http is allowed only for localhost)'
    ])
    expect(problems({ 'github-server-url': 'http://ghe.example.com' })).toContain(
      'github-server-url must use https:// (plain http is allowed only for localhost)'
    )
    expect(
      parse({ 'github-api-url': 'http://127.0.0.1:8080', 'github-server-url': 'http://localhost:9000' })
        .target
    ).toMatchObject({
      url: 'http://localhost:9000/octo/dst.git'
    })
  })

  it('keeps action.yml and the input schema in step', () => {
    const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
    const inputs = yml.slice(yml.indexOf('\ninputs:'), yml.indexOf('\noutputs:'))
    const declared = [...inputs.matchAll(/^ {2}([a-z-]+):$/gm)].map(m => m[1])
    expect(declared.sort()).toEqual([...INPUT_NAMES].sort())
  })
})
