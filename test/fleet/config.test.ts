import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '../../src/fleet/config.js'
import { legInputs } from '../../src/fleet/leg.js'
import { legsOf } from '../../src/fleet/matrix.js'

const problems = (text: string) => {
  try {
    parseConfig(text, 'fleet.yml')
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError)
    return (err as Error).message.split('\n')
  }
  throw new Error('expected the config to be refused')
}

describe('fleet config', () => {
  it("reads the issue's example: defaults, mirrors with target or targets and per-pair options, owners", () => {
    const c = parseConfig(
      `defaults: { branches: '**', tags: '**', prune: false }
mirrors:
  - source: acme/api                      # any form the action accepts: owner/name, URL, path
    target: acme-backup/api
  - source: https://gitlab.example/grp/lib.git
    targets: [acme/lib, acme-archive/lib]  # one source, several targets
    force: true
owners:
  - source: acme
    target: acme-backup
    include: ['*']
    exclude: ['sandbox-*']
    skip: [archived, forks, empty]
`
    )
    expect(c.mirrors).toHaveLength(2)
    expect(c.mirrors![1]).toMatchObject({ targets: ['acme/lib', 'acme-archive/lib'], force: true })
    expect(c.owners![0]).toMatchObject({
      source: 'acme',
      exclude: ['sandbox-*'],
      skip: ['archived', 'forks', 'empty']
    })
  })

  it('names every bad entry by its path, one line each, with the action’s own words for bad options', () => {
    expect(
      problems(`defaults: { branches: 'a..b' }
mirrors:
  - source: acme/api
  - source: acme/lib
    target: acme/lib
  - source: acme/web
    targets: [acme-b/web, 'user:pw@host/x']
    force: yes-please
  - source: acme/ok
    target: acme-b/ok
    colour: red
owners:
  - source: acme
    target: acme
  - source: -bad
    target: acme-b
    skip: [archived, big]
`)
    ).toEqual([
      "fleet.yml: mirrors[0]: needs exactly one of 'target' or 'targets'",
      'fleet.yml: mirrors[2].force: Invalid input: expected boolean, received string',
      "fleet.yml: mirrors[3]: unknown key 'colour'",
      "fleet.yml: owners[1].source: must be a GitHub owner (user or organisation), e.g. 'acme'",
      'fleet.yml: owners[1].skip[1]: must be one of archived, forks, empty'
    ])
    // Once the shape is right, each pair's options go through the action's own validation.
    expect(
      problems(`defaults: { branches: 'a..b' }
mirrors:
  - source: acme/lib
    target: acme/lib
  - source: acme/web
    targets: [acme-b/web, 'user:pw@host/x']
owners:
  - source: acme
    target: ACME
`)
    ).toEqual([
      "fleet.yml: defaults: branches pattern 'a..b' contains '..'",
      "fleet.yml: mirrors[0]: branches pattern 'a..b' contains '..'",
      'fleet.yml: mirrors[0]: source-repo and target-repo are the same repository: nothing to mirror',
      "fleet.yml: mirrors[1].targets[0]: branches pattern 'a..b' contains '..'",
      "fleet.yml: mirrors[1].targets[1]: branches pattern 'a..b' contains '..'",
      expect.stringMatching(
        /^fleet\.yml: mirrors\[1\]\.targets\[1\]: target-repo looks like it holds credentials/
      ),
      "fleet.yml: owners[0]: branches pattern 'a..b' contains '..'",
      'fleet.yml: owners[0]: source and target are the same owner: nothing to mirror'
    ])
  })

  it('points at the line of a YAML syntax error, and refuses an empty or non-mapping file', () => {
    expect(problems('mirrors:\n  - source: a/b\n    target: [c/d\n')).toEqual([
      expect.stringMatching(/^fleet\.yml:4:1: not valid YAML: /)
    ])
    expect(problems('')).toEqual(["fleet.yml: must be a YAML mapping with 'mirrors' and/or 'owners'"])
    expect(problems('- a\n- b\n')).toEqual([
      "fleet.yml: must be a YAML mapping with 'mirrors' and/or 'owners'"
    ])
    expect(problems('defaults: {}\n')).toEqual([
      "fleet.yml: lists nothing to mirror: add 'mirrors' or 'owners' entries"
    ])
    expect(problems('mirror: []\n')).toEqual([
      "fleet.yml: unknown key 'mirror' (allowed: defaults, mirrors, owners)",
      "fleet.yml: lists nothing to mirror: add 'mirrors' or 'owners' entries"
    ])
  })

  it('a leg carries its pair and options to the mirror step, and nothing else', () => {
    const [leg] = legsOf(
      [
        {
          source: 'acme/api',
          target: 'b/api',
          options: { branches: ['main', 'release/**'], force: true, 'create-targets': true },
          origin: 'mirrors[0]'
        }
      ],
      'sync-report'
    )
    expect(leg).toEqual({
      name: 'acme/api → b/api',
      source: 'acme/api',
      target: 'b/api',
      report: 'sync-report-0001-acme_api-to-b_api',
      options: { branches: ['main', 'release/**'], force: true }
    })
    expect(legInputs({ 'target-token': 't', leg: JSON.stringify(leg) })).toEqual({
      'target-token': 't',
      leg: JSON.stringify(leg),
      'source-repo': 'acme/api',
      'target-repo': 'b/api',
      'report-name': 'sync-report-0001-acme_api-to-b_api',
      branches: 'main\nrelease/**',
      force: 'true'
    })
    expect(() => legInputs({ leg: '{"source":"a/b"' })).toThrow(/leg is not JSON/)
    expect(() => legInputs({ leg: JSON.stringify({ ...leg, options: { 'target-token': 'x' } }) })).toThrow(
      /leg options: unknown key|Unrecognized key/
    )
  })
})
