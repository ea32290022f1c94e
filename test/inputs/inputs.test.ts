import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { INPUT_NAMES, parseInputs, readInputs } from '../../src/inputs.js'
import { ROOT } from '../support/action.js'

const env = { GITHUB_REPOSITORY: 'octo/source', GITHUB_SERVER_URL: 'https://github.example.com' }

describe('inputs', () => {
  it('resolves owner/name against the server and applies documented defaults', () => {
    const o = parseInputs({ 'target-repo': 'octo-org/mirror.git', 'target-token': ' t ' }, env)
    expect(o.source).toEqual({
      kind: 'github',
      owner: 'octo',
      name: 'source',
      serverUrl: 'https://github.example.com',
      url: 'https://github.example.com/octo/source.git'
    })
    expect(o.target).toMatchObject({ kind: 'github', owner: 'octo-org', name: 'mirror' })
    expect(o).toMatchObject({
      branches: 'default-branch',
      tags: ['**'],
      force: false,
      dryRun: false,
      prune: false,
      backupRefPrefix: 'refs/mirror-backup/',
      reportName: 'sync-report',
      retries: 3,
      maxRefsPerPush: 0,
      allowMassPrune: false,
      targetToken: 't'
    })
    expect(o.retentionDays).toBeUndefined()
  })

  it('splits patterns on newlines and commas, strips refs/heads/, and empty tags means none', () => {
    const o = parseInputs(
      { 'target-repo': 'a/b', branches: 'main, release/*\n\n refs/heads/dev \n!release/old', tags: '' },
      env
    )
    expect(o.branches).toEqual(['main', 'release/*', 'dev', '!release/old'])
    expect(o.tags).toEqual([])
  })

  it('accepts https URLs, loopback http and local paths', () => {
    expect(
      parseInputs({ 'source-repo': 'https://git.example.com/x/y.git/', 'target-repo': './t.git' }, env)
    ).toMatchObject({
      source: { kind: 'url', url: 'https://git.example.com/x/y.git' },
      target: { kind: 'path', path: './t.git' }
    })
    expect(parseInputs({ 'target-repo': 'http://127.0.0.1:8080/t.git' }, env).target).toMatchObject({
      kind: 'url'
    })
  })

  it('reports every problem, one per line', () => {
    let lines: string[] = []
    try {
      parseInputs({ 'target-repo': 'not-a/repo/x', force: 'yes', 'retention-days': '-1' }, env)
    } catch (e) {
      lines = (e as Error).message.split('\n')
    }
    expect(lines).toHaveLength(3)
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^target-repo 'not-a\/repo\/x' is not 'owner\/name', an https URL, or a local path/
      )
    )
    expect(lines).toContain(
      'force must be true or false (the value given is not shown, in case it is a secret in the wrong field)'
    )
    expect(lines).toContain(
      'retention-days must be a whole number from 1 to 400 (the value given is not shown, in case it is a secret in the wrong field)'
    )
  })

  it('never echoes credentials embedded in a URL', () => {
    let message = ''
    try {
      parseInputs({ 'target-repo': 'https://user:s3cr3t-pass@github.com/a/b.git' }, env)
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toMatch(
      /target-repo must not contain credentials in the URL: remove them and pass a token in target-token/
    )
    expect(message).not.toContain('s3cr3t')
  })

  it('reads INPUT_* variables as the runner sets them, leaving missing ones undefined', () => {
    const raw = readInputs({ 'INPUT_TARGET-REPO': 'a/b', INPUT_TAGS: '' })
    expect(raw['target-repo']).toBe('a/b')
    expect(raw.tags).toBe('')
    expect(raw.branches).toBeUndefined()
  })

  it('action.yml documents exactly the inputs the schema reads, with the same defaults', () => {
    const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
    const section = yml.slice(yml.indexOf('\ninputs:'), yml.indexOf('\noutputs:'))
    const documented = [...section.matchAll(/^ {2}([a-z-]+):$/gm)].map(m => m[1]!)
    expect(documented.sort()).toEqual([...INPUT_NAMES].sort())
    for (const name of documented) {
      const block = section.slice(section.indexOf(`\n  ${name}:`) + 1).split(/\n {2}[a-z-]+:\n/)[0]!
      expect(block, `${name} has a description`).toMatch(/description: .{20,}/)
      const def = /default: '([^']*)'/.exec(block)?.[1]
      // Literal defaults in action.yml must mean the same as the schema's own defaults (used when run outside a runner).
      if (def !== undefined && def !== '') {
        const a = parseInputs({ 'target-repo': 'a/b', [name]: def }, env)
        const b = parseInputs({ 'target-repo': 'a/b' }, env)
        expect(a, `default of ${name}`).toEqual(b)
      }
    }
  })

  it('action.yml runs on node24 with the committed bundle', () => {
    const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
    expect(yml).toMatch(/using: 'node24'/)
    expect(yml).toMatch(/main: 'dist\/index.js'/)
  })
})

describe('documentation', () => {
  it('the README tables list exactly the inputs and outputs of action.yml', () => {
    const yml = readFileSync(path.join(ROOT, 'action.yml'), 'utf8')
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8')
    const section = (doc: string, from: string, to: string) => doc.slice(doc.indexOf(from), doc.indexOf(to))
    const declared = (part: string) => [...part.matchAll(/^ {2}([a-z-]+):$/gm)].map(m => m[1]!).sort()
    const documented = (part: string) => [...part.matchAll(/^\| `([a-z-]+)` \|/gm)].map(m => m[1]!).sort()
    expect(documented(section(readme, '\n## Inputs\n', '\n## Outputs\n'))).toEqual(
      declared(section(yml, '\ninputs:\n', '\noutputs:\n'))
    )
    expect(documented(section(readme, '\n## Outputs\n', '\n## How each ref is decided\n'))).toEqual(
      declared(section(yml, '\noutputs:\n', '\nruns:\n'))
    )
  })
})

describe('escaped glob patterns', () => {
  it("accepts '\\' escapes (as the summary's advice writes names with glob characters) and still refuses bad names", () => {
    expect(parseInputs({ 'target-repo': 'a/b', branches: 'fix\\(x\\)\n!release\\+1' }, env).branches).toEqual(
      ['fix\\(x\\)', '!release\\+1']
    )
    expect(() => parseInputs({ 'target-repo': 'a/b', branches: 'a\\..b' }, env)).toThrowError(
      /contains '\.\.'/
    )
  })
})
