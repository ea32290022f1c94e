import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'

export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Environment variables the CLI reads secrets from; never flags (they would show in `ps` and shell
 * history).
 */
export const SECRET_ENV = {
  source: 'REPO_MIRROR_SOURCE_TOKEN',
  target: 'REPO_MIRROR_TARGET_TOKEN',
  both: 'REPO_MIRROR_TOKEN',
  appId: 'REPO_MIRROR_APP_ID',
  appKey: 'REPO_MIRROR_APP_PRIVATE_KEY',
  appInstallation: 'REPO_MIRROR_APP_INSTALLATION_ID',
  sourceSshKey: 'REPO_MIRROR_SOURCE_SSH_KEY',
  targetSshKey: 'REPO_MIRROR_TARGET_SSH_KEY'
} as const

export const HELP = `Usage: repo-mirror --source REPO --target REPO [options]
       repo-mirror --config FLEET.yml [options]

Mirrors branches and tags from a source repository to a target (the same engine as the
GitHub Action), for one pair or for a whole fleet from a config file. Every option means
what the action input of the same name means (see the README).

Pair:
  --source REPO              owner/name, an https or ssh URL, or a local path
  --target REPO              the same forms; repeat --target for several targets
  --config FILE              a fleet config (YAML: defaults, mirrors, owners) instead of a pair

Options (for a fleet, they override the config's defaults and entries):
  --branches LIST            branch patterns, comma-separated ('**' = all; default: the default branch)
  --tags LIST                tag patterns, comma-separated (default: '**'; '' = none)
  --force                    overwrite diverged branches and moved tags (with a backup first)
  --on-conflict WHAT         fail (default), pull-request or force
  --pull-request-prefix P    branch prefix of pull requests' head branches (default mirror/)
  --prune                    delete target branches and tags the source does not have
  --allow-mass-prune         let --prune delete most of the target's selected refs
  --dry-run                  plan only: change nothing
  --mode MODE                mirror (default) or restore (refs back from their backups)
  --direction WAY            source-to-target (default) or both (two-way sync; both sides writable)
  --restore-from WHEN        with --mode restore: latest, or a UTC time (20261125T031700Z)
  --no-sync-workflows        leave changes to .github/workflows/ alone
  --backup-ref-prefix REF    where backups go (default refs/mirror-backup/)
  --backup-retention-days N  delete backups older than N days (the newest of each ref stays)
  --lfs WHEN                 Git LFS objects: auto (default), true or false
  --max-refs-per-push N      at most N refs per push (default 0: no limit)
  --retries N                retries for network operations (default 3)
  --source-username NAME     HTTPS user name sent with the source token (default x-access-token)
  --target-username NAME     the same for the target token
  --ssh-known-hosts FILE     pinned SSH host keys (known_hosts format) besides github.com's
  --github-server-url URL    the GitHub server for owner/name (default https://github.com)
  --github-api-url URL       its REST API (default: derived from the server)
  --create-targets           create missing GitHub target repositories (private)

Running:
  --concurrency N            pairs mirrored at once (default 4)
  --report FILE              write the combined JSON report of every pair to FILE
  --verbose                  print every log line of every pair
  -h, --help                 show this help

Secrets come only from the environment:
  ${SECRET_ENV.source}     token for the source
  ${SECRET_ENV.target}     token for the target
  ${SECRET_ENV.both}            token for both sides, when the two above are unset
  ${SECRET_ENV.appId}, ${SECRET_ENV.appKey}, ${SECRET_ENV.appInstallation}
                             a GitHub App instead of tokens
  ${SECRET_ENV.sourceSshKey}, ${SECRET_ENV.targetSshKey}
                             private SSH keys (the key's text) for ssh:// or git@ repositories

Exit status:
  0  every pair synced, in sync or planned
  1  a pair failed or has conflicts (the others still ran)
  2  bad usage (flags, config, environment): nothing was written
`

export interface CliArgs {
  help: boolean
  source?: string
  targets: string[]
  config?: string
  concurrency: number
  report?: string
  verbose: boolean
  /** Action inputs given as flags (kebab-case names, string values as the runner would pass them). */
  inputs: Record<string, string>
  createTargets?: boolean
}

const SECRET_FLAGS =
  /^--?(source-token|target-token|github-token|token|app-private-key|private-key|source-ssh-key|target-ssh-key|ssh-key)(=|$)/

/** Flags that are the action's input of the same name, passed on as given. */
const STRING_INPUTS = [
  'branches',
  'tags',
  'on-conflict',
  'pull-request-prefix',
  'mode',
  'direction',
  'restore-from',
  'backup-ref-prefix',
  'backup-retention-days',
  'lfs',
  'max-refs-per-push',
  'retries',
  'source-username',
  'target-username',
  'github-server-url',
  'github-api-url'
] as const
const BOOLEAN_INPUTS = ['force', 'prune', 'allow-mass-prune', 'dry-run'] as const

/** One parseArgs option of this type per name. */
function flags<K extends string, T extends 'string' | 'boolean'>(names: readonly K[], type: T) {
  return Object.fromEntries(names.map(k => [k, { type }])) as Record<K, { type: T }>
}

function readKnownHosts(file: string): string {
  try {
    return readFileSync(file, 'utf8')
  } catch (err) {
    throw new UsageError(
      `--ssh-known-hosts ${file} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`
    )
  }
}

export function parseCliArgs(argv: string[]): CliArgs {
  const secret = argv.find(a => SECRET_FLAGS.test(a))
  if (secret)
    throw new UsageError(
      `${secret.split('=')[0]} is not a flag: secrets are read from the environment only (${SECRET_ENV.source}, ${SECRET_ENV.target}, ${SECRET_ENV.both}, ${SECRET_ENV.sourceSshKey}, …); see --help`
    )
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        source: { type: 'string' },
        target: { type: 'string', multiple: true },
        config: { type: 'string' },
        ...flags(STRING_INPUTS, 'string'),
        ...flags(BOOLEAN_INPUTS, 'boolean'),
        'ssh-known-hosts': { type: 'string' },
        'no-sync-workflows': { type: 'boolean' },
        'create-targets': { type: 'boolean' },
        concurrency: { type: 'string' },
        report: { type: 'string' },
        verbose: { type: 'boolean' }
      }
    }))
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('\n')[0]}; see --help`)
  }
  if (values.help) return { help: true, targets: [], concurrency: 1, verbose: false, inputs: {} }
  const concurrency = values.concurrency === undefined ? 4 : Number(values.concurrency)
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64)
    throw new UsageError(`--concurrency must be a whole number from 1 to 64, got '${values.concurrency}'`)
  const targets = values.target ?? []
  if (values.config && (values.source || targets.length))
    throw new UsageError('give either --config or --source/--target, not both')
  if (!values.config && (!values.source || targets.length === 0))
    throw new UsageError('give --source and --target (or --config FILE); see --help')
  if (values.mode !== undefined && !['mirror', 'restore'].includes(values.mode))
    throw new UsageError(`--mode must be mirror or restore, got '${values.mode.slice(0, 20)}'`)
  const inputs: Record<string, string> = {}
  // Lists on the command line are comma-separated; the action's inputs take the same form.
  for (const k of STRING_INPUTS) if (values[k] !== undefined) inputs[k] = values[k]
  for (const k of BOOLEAN_INPUTS) if (values[k]) inputs[k] = 'true'
  if (values['no-sync-workflows']) inputs['sync-workflows'] = 'false'
  if (values['ssh-known-hosts'] !== undefined)
    inputs['ssh-known-hosts'] = readKnownHosts(values['ssh-known-hosts'])
  return {
    help: false,
    source: values.source,
    targets,
    config: values.config,
    concurrency,
    report: values.report,
    verbose: values.verbose ?? false,
    inputs,
    createTargets: values['create-targets']
  }
}

/** Credentials, App settings and SSH keys from the environment, as action inputs. */
export function envInputs(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return {
    'source-token': env[SECRET_ENV.source] || env[SECRET_ENV.both],
    'target-token': env[SECRET_ENV.target] || env[SECRET_ENV.both],
    'app-id': env[SECRET_ENV.appId],
    'app-private-key': env[SECRET_ENV.appKey],
    'app-installation-id': env[SECRET_ENV.appInstallation],
    'source-ssh-key': env[SECRET_ENV.sourceSshKey],
    'target-ssh-key': env[SECRET_ENV.targetSshKey]
  }
}
