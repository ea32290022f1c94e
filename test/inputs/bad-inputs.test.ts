import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { InputError, mayBeSecret, parseInputs } from '../../src/inputs.js'
import { annotations, FAST_RETRY } from '../support/faults.js'
import { mirrorFixture, newToken, type MirrorFixture } from '../support/fixture.js'

/**
 * Every bad input ends the step with one clear line and writes nothing to any remote. Each row
 * runs twice: through parseInputs (where the message is made) and through the real entry
 * point, against a target that is behind the source — so an accepted run WOULD write.
 */
interface Bad {
  name: string
  inputs: (f: MirrorFixture) => Record<string, string>
  error: RegExp
  /** A credential inside the input: it must not appear in any output, file or log. */
  secret?: string
  /** Found only when the run talks to the remotes (not by parseInputs). */
  runtime?: true
}

const urlSecret = newToken()
const bareSecret = newToken()
const querySecret = newToken()
const serverSecret = newToken()
const spacedToken = `${newToken()} ${newToken()}`
const misplaced = newToken('ghs_')
/** A secret of no known shape: 32 random bytes in base64. */
const randomSecret = randomBytes(32).toString('base64').replace(/[/+=]/g, 'x')

const BAD: Bad[] = [
  // repository names
  {
    name: 'empty target-repo',
    inputs: () => ({ 'target-repo': '' }),
    error: /^target-repo is empty: give 'owner\/name', an https URL, or a local path$/
  },
  {
    name: 'name without owner',
    inputs: () => ({ 'target-repo': 'justaname' }),
    error: /^target-repo 'justaname' is not 'owner\/name', an https URL, or a local path/
  },
  {
    name: 'three path parts',
    inputs: () => ({ 'target-repo': 'a/b/c' }),
    error: /^target-repo 'a\/b\/c' is not 'owner\/name'/
  },
  {
    name: 'owner with underscore',
    inputs: () => ({ 'target-repo': 'bad_owner/name' }),
    error: /^target-repo 'bad_owner\/name' is not 'owner\/name'/
  },
  {
    name: "name '..'",
    inputs: () => ({ 'target-repo': 'owner/..' }),
    error: /^target-repo 'owner\/\.\.' is not 'owner\/name'/
  },
  {
    name: 'whitespace in a name',
    inputs: () => ({ 'target-repo': 'own er/name' }),
    error: /^target-repo contains whitespace or control characters$/
  },
  {
    name: "leading '-' (option injection)",
    inputs: () => ({ 'source-repo': '--upload-pack=touch /tmp/x' }),
    error: /^source-repo starts with '-'/
  },
  {
    name: 'ftp URL',
    inputs: () => ({ 'target-repo': 'ftp://example.com/x.git' }),
    error: /^target-repo must use https:\/\/ \(plain http is allowed only for localhost\), got ftp:\/\/$/
  },
  {
    name: 'plain http to a remote host',
    inputs: () => ({ 'target-repo': 'http://example.com/o/r.git' }),
    error: /^target-repo must use https:\/\/ .*got http:\/\/$/
  },
  {
    name: 'malformed URL',
    inputs: () => ({ 'target-repo': 'https://exa mple.com/o/r' }),
    error: /^target-repo contains whitespace or control characters$/
  },
  {
    name: 'URL with a query',
    inputs: () => ({ 'target-repo': `https://github.com/o/r?access_token=${querySecret}` }),
    error: /^target-repo must not contain a query or fragment$/,
    secret: querySecret
  },
  {
    name: 'newline injection in a URL',
    inputs: () => ({ 'target-repo': 'https://github.com/o/r\n::warning::injected' }),
    error: /^target-repo contains whitespace or control characters$/
  },
  {
    name: 'escape sequence in a name',
    inputs: () => ({ 'target-repo': 'o/\u001b[31mr' }),
    error: /^target-repo contains whitespace or control characters$/
  },
  // credentials where they must never be
  {
    name: 'user:token in an https URL',
    inputs: () => ({ 'target-repo': `https://x-access-token:${urlSecret}@github.com/o/r.git` }),
    error:
      /^target-repo must not contain credentials in the URL: remove them and pass a token in target-token$/,
    secret: urlSecret
  },
  {
    name: 'token alone in an https URL',
    inputs: () => ({ 'source-repo': `https://${bareSecret}@github.com/o/r` }),
    error: /^source-repo must not contain credentials in the URL/,
    secret: bareSecret
  },
  {
    name: 'user:token@host without a scheme',
    inputs: () => ({ 'source-repo': `x-access-token:${urlSecret}@github.com/o/r` }),
    error: /^source-repo looks like it holds credentials or an scp-style address/,
    secret: urlSecret
  },
  {
    name: 'SSH address without a key',
    inputs: () => ({ 'target-repo': 'git@github.com:o/r.git' }),
    error: /^target-repo is an SSH address: give target-ssh-key \(the private key of a deploy key\)/
  },
  {
    name: 'credentials in github-server-url',
    inputs: () => ({
      'target-repo': 'o/r',
      'github-server-url': `https://admin:${serverSecret}@ghe.example.com`
    }),
    error: /^github-server-url must not contain credentials: pass tokens in source-token and target-token$/,
    secret: serverSecret
  },
  {
    name: 'github-server-url not http(s)',
    inputs: () => ({ 'target-repo': 'o/r', 'github-server-url': 'ftp://ghe.example.com' }),
    error: /^github-server-url must be an http\(s\) URL/
  },
  {
    name: 'two tokens pasted into one input',
    inputs: () => ({ 'target-token': spacedToken }),
    error:
      /^target-token contains whitespace or control characters: paste the token alone \(its value is not shown\)$/,
    secret: spacedToken
  },
  // same repository on both sides
  {
    name: 'same URL twice',
    inputs: f => ({ 'source-repo': f.server.repoUrl('dst.git') }),
    error: /^source-repo and target-repo are the same repository: nothing to mirror$/
  },
  {
    name: 'same repository, spelled differently',
    inputs: () => ({ 'source-repo': 'https://github.com/Octo/Repo.git', 'target-repo': 'octo/repo' }),
    error: /^source-repo and target-repo are the same repository/
  },
  {
    name: 'same local path, spelled differently',
    inputs: f => ({ 'source-repo': `${f.dst.dir}/`, 'target-repo': `${f.dst.dir}/../dst.git` }),
    error: /^source-repo and target-repo are the same repository/
  },
  // ref patterns
  {
    name: "branch pattern starting with '-'",
    inputs: () => ({ branches: '-main' }),
    error: /^branches pattern '-main' starts with '-' \(git would read it as an option\)$/
  },
  {
    name: "branch pattern with '..'",
    inputs: () => ({ branches: 'feature/../main' }),
    error: /^branches pattern 'feature\/\.\.\/main' contains '\.\.'$/
  },
  {
    name: 'control character in a pattern',
    inputs: () => ({ branches: 'ma\u0001in' }),
    error: /^branches pattern 'ma\?in' contains a control character$/
  },
  {
    name: 'space in a pattern',
    inputs: () => ({ branches: 'my branch' }),
    error: /^branches pattern 'my branch' contains one of space/
  },
  {
    name: 'only separators',
    inputs: () => ({ branches: ' , ,\n' }),
    error: /^branches lists no pattern, only separators/
  },
  {
    name: 'only exclusions',
    inputs: () => ({ branches: '!main' }),
    error: /^branches has only exclusions \('!…'\): add a pattern to include/
  },
  {
    name: 'bare namespace as a pattern',
    inputs: () => ({ branches: 'refs/heads/' }),
    error: /^branches pattern 'refs\/heads\/' is empty$/
  },
  {
    name: "tag pattern with '..'",
    inputs: () => ({ tags: 'v1..v2' }),
    error: /^tags pattern 'v1\.\.v2' contains '\.\.'$/
  },
  {
    name: "tag pattern ending '.lock'",
    inputs: () => ({ tags: 'v1.lock' }),
    error: /^tags pattern 'v1\.lock' has a component ending with '\.lock'$/
  },
  {
    name: "tag pattern with '@{'",
    inputs: () => ({ tags: 'v@{1}' }),
    error: /^tags pattern 'v@\{1\}' contains '@\{'$/
  },
  // booleans and numbers
  {
    name: "force 'yes'",
    inputs: () => ({ force: 'yes' }),
    error:
      /^force must be true or false \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: "dry-run '1'",
    inputs: () => ({ 'dry-run': '1' }),
    error:
      /^dry-run must be true or false \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: "prune 'on'",
    inputs: () => ({ prune: 'on' }),
    error:
      /^prune must be true or false \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'unknown mode',
    inputs: () => ({ mode: 'mirrorr' }),
    error:
      /^mode must be mirror, restore, plan, collect \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'unknown on-conflict',
    inputs: () => ({ 'on-conflict': 'merge' }),
    error:
      /^on-conflict must be fail, pull-request, force \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'unknown direction',
    inputs: () => ({ direction: 'sideways' }),
    error:
      /^direction must be source-to-target or both \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'direction both with pull requests',
    inputs: () => ({ direction: 'both', 'on-conflict': 'pull-request' }),
    error: /^on-conflict: pull-request does not apply to direction: both .*: use fail or force$/
  },
  {
    name: 'direction both with a restore',
    inputs: () => ({ direction: 'both', mode: 'restore', 'restore-from': 'latest' }),
    error: /^direction: both does not apply to mode: restore .*: remove it$/
  },
  {
    name: 'restore-from that is not a time',
    inputs: () => ({ mode: 'restore', 'restore-from': 'yesterday' }),
    error:
      /^restore-from must be 'latest' or a UTC time .* \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'pull-request-prefix git refuses',
    inputs: () => ({ 'pull-request-prefix': 'mirror..x/' }),
    error:
      /^pull-request-prefix 'mirror\.\.x\/' contains '\.\.': give a branch name prefix such as 'mirror\/'$/
  },
  {
    name: 'zero backup-retention-days',
    inputs: () => ({ 'backup-retention-days': '0' }),
    error:
      /^backup-retention-days must be a whole number from 1 to 36500 \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'negative retention-days',
    inputs: () => ({ 'retention-days': '-1' }),
    error:
      /^retention-days must be a whole number from 1 to 400 \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'huge retention-days',
    inputs: () => ({ 'retention-days': '100000' }),
    error:
      /^retention-days must be a whole number from 1 to 400 \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'fractional retention-days',
    inputs: () => ({ 'retention-days': '1.5' }),
    error:
      /^retention-days must be a whole number from 1 to 400 \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'negative retries',
    inputs: () => ({ retries: '-1' }),
    error:
      /^retries must be a whole number from 0 to 10 \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'too many retries',
    inputs: () => ({ retries: '11' }),
    error:
      /^retries must be a whole number from 0 to 10 \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  {
    name: 'retries in words',
    inputs: () => ({ retries: 'three' }),
    error:
      /^retries must be a whole number from 0 to 10 \(the value given is not shown, in case it is a secret in the wrong field\)$/
  },
  // where backups go, what the report is called
  {
    name: 'backup prefix under refs/heads/',
    inputs: () => ({ 'backup-ref-prefix': 'refs/heads/backup/' }),
    error:
      /^backup-ref-prefix must be under refs\/ but outside refs\/heads\/ and refs\/tags\/ \(got 'refs\/heads\/backup\/'\)$/
  },
  {
    name: 'backup prefix refs/tags/',
    inputs: () => ({ 'backup-ref-prefix': 'refs/tags/' }),
    error:
      /^backup-ref-prefix must be under refs\/ but outside refs\/heads\/ and refs\/tags\/ \(got 'refs\/tags\/'\)$/
  },
  {
    name: 'backup prefix outside refs/',
    inputs: () => ({ 'backup-ref-prefix': 'backup/' }),
    error: /^backup-ref-prefix must be under refs\//
  },
  {
    name: "backup prefix with '..'",
    inputs: () => ({ 'backup-ref-prefix': 'refs/../heads/' }),
    error: /^backup-ref-prefix 'refs\/\.\.\/heads\/' contains '\.\.'$/
  },
  {
    name: 'report name with a path',
    inputs: () => ({ 'report-name': '../evil' }),
    error: /^report-name may use letters, digits, '\.', '_', '-' and spaces/
  },
  // a secret pasted into an input that is not for secrets: named, never echoed (not even a fragment)
  ...(
    [
      ['force', misplaced, 'force must be true or false \\(the value given is not shown'],
      ['sync-workflows', misplaced, 'sync-workflows must be true or false \\(the value given is not shown'],
      ['retries', misplaced, 'retries must be a whole number from 0 to 10 \\(the value given is not shown'],
      ['retention-days', misplaced, 'retention-days must be a whole number from 1 to 400 \\(the value'],
      ['app-installation-id', misplaced, 'app-installation-id must be a whole number'],
      ['backup-ref-prefix', misplaced, 'backup-ref-prefix must be under refs/ .*\\(got \\(value not shown'],
      [
        'backup-ref-prefix',
        `refs/${randomSecret}..x`,
        'backup-ref-prefix \\(value not shown: it looks like a secret\\) contains'
      ],
      [
        'report-name',
        `${misplaced}/x`,
        'report-name may use .*got \\(value not shown: it looks like a secret\\)$'
      ],
      [
        'branches',
        `${misplaced}..x`,
        "branches pattern \\(value not shown: it looks like a secret\\) contains '\\.\\.'$"
      ],
      [
        'target-repo',
        misplaced,
        "target-repo \\(value not shown: it looks like a secret\\) is not 'owner/name'"
      ]
    ] as const
  ).map(([input, value, error]): Bad => ({
    name: `a secret in ${input}${value === misplaced ? '' : ` (${value.startsWith('refs/') ? 'random, in a ref' : 'in a longer value'})`}`,
    inputs: () => ({ [input]: value }),
    error: new RegExp(`^${error}`),
    secret: value.includes(misplaced) ? misplaced : randomSecret
  })),
  // found only by talking to the remotes
  {
    name: 'unreachable host',
    inputs: () => ({ 'source-repo': 'http://127.0.0.1:1/x.git' }),
    error:
      /^cannot reach http:\/\/127\.0\.0\.1:1\/x\.git: check the server URL and the runner's network; gave up after 3 retries$/,
    runtime: true
  },
  {
    name: 'missing target token',
    inputs: () => ({ 'target-token': '' }),
    error: /^target-token is empty: give a token that can push to http:\/\/127\.0\.0\.1:\d+\/dst\.git/,
    runtime: true
  },
  {
    name: 'target token refused',
    inputs: () => ({ 'target-token': newToken() }),
    error:
      /^authentication to http:\/\/127\.0\.0\.1:\d+\/dst\.git failed: the token is invalid, expired, or not allowed/,
    runtime: true
  },
  {
    name: 'source token missing for a private source',
    inputs: () => ({ 'source-token': '' }),
    error:
      /^http:\/\/127\.0\.0\.1:\d+\/src\.git requires authentication and no token was sent to it: give a token for it in source-token/,
    runtime: true
  },
  {
    name: 'source repository does not exist',
    inputs: f => ({ 'source-repo': f.server.repoUrl('nope.git') }),
    error:
      /^http:\/\/127\.0\.0\.1:\d+\/nope\.git was not found: check the name and that the token can see it$/,
    runtime: true
  },
  {
    name: 'local target path does not exist',
    inputs: f => ({ 'target-repo': `${f.root}/missing.git` }),
    error: /missing\.git was not found: check the name/,
    runtime: true
  }
]

let f: MirrorFixture
let targetBefore: string
beforeAll(async () => {
  f = await mirrorFixture()
  f.src.commits('main', 2)
  f.dst.copyFrom(f.src)
  f.src.commits('main', 2) // the target is behind: any accepted run would push
  targetBefore = JSON.stringify(f.dst.refs())
})
afterAll(async () => f.cleanup())

describe('parseInputs refuses each with one clear line', () => {
  for (const b of BAD.filter(x => !x.runtime)) {
    it(b.name, () => {
      let err: unknown
      try {
        parseInputs(f.inputs(b.inputs(f)), {})
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(InputError)
      const message = (err as Error).message
      expect(message.split('\n')).toHaveLength(1)
      expect(message).toMatch(b.error)
      // Not the secret, nor any fragment of it: the runner masks only the exact value.
      for (const part of b.secret?.split(' ') ?? [])
        for (let i = 0; i + 8 <= part.length; i++) expect(message).not.toContain(part.slice(i, i + 8))
    })
  }
})

describe('the action refuses each: the step fails with that one line and no remote is written', () => {
  beforeEach(() => f.server.resetCounters())
  for (const b of BAD) {
    it(b.name, async () => {
      // The run's files and logs are scanned for the fixture's tokens and this row's secret.
      const r = await f.run(b.inputs(f), { env: FAST_RETRY, secrets: b.secret ? b.secret.split(' ') : [] })
      expect(r.code).toBe(1)
      expect(r.outputs.result).toBe('failed')
      const errors = annotations(r.stdout, 'error')
      expect(errors).toHaveLength(1)
      expect(errors[0]!.split('\n')).toHaveLength(1)
      expect(errors[0]).toMatch(b.error)
      expect(f.server.requests.filter(q => q.service === 'receive-pack')).toEqual([])
      expect(JSON.stringify(f.dst.refs())).toBe(targetBefore)
      // Every run writes its report and summary naming the error, even one stopped by its inputs.
      expect(r.report!.error).toBe(errors[0])
      expect(r.report!.result).toBe('failed')
      expect(r.summary).toContain('## ❌ Failed: the mirror stopped before writing anything')
      if (!b.runtime) expect(f.server.requests).toEqual([])
    })
  }
})

describe('a secret in the wrong input is never echoed', () => {
  it('app-id: the problem is named, no fragment of the value is shown', () => {
    let message = ''
    try {
      parseInputs({ 'target-repo': 'a/b', 'app-id': misplaced }, {})
    } catch (e) {
      message = (e as Error).message
    }
    expect(message).toMatch(
      /^app-id must be the App's numeric id \(or its client id\) \(the value given is not shown/
    )
    for (let i = 0; i + 8 <= misplaced.length; i++) expect(message).not.toContain(misplaced.slice(i, i + 8))
  })

  it('mayBeSecret knows token shapes and random runs, and lets ordinary names through', () => {
    for (const v of [
      misplaced,
      randomSecret,
      'ghp_short',
      'github_pat_11AB',
      'glpat-abc',
      'eyJhbGciOi.x.y',
      'AKIAIOSFODNN7EXAMPLE'
    ])
      expect(mayBeSecret(v), v).toBe(true)
    for (const v of [
      'main',
      'release/**',
      'refs/mirror-backup/',
      'feature/JIRA-1234-fix-login',
      'v1.2.3',
      'yes',
      '11',
      'sync report 2024'
    ])
      expect(mayBeSecret(v), v).toBe(false)
  })
})
