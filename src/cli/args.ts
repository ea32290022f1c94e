import { parseArgs } from 'node:util'

export class UsageError extends Error {
  override name = 'UsageError'
}

/** Environment variables the CLI reads credentials from; never flags (they would show in `ps` and shell history). */
export const TOKEN_ENV = {
  source: 'REPO_MIRROR_SOURCE_TOKEN',
  target: 'REPO_MIRROR_TARGET_TOKEN',
  both: 'REPO_MIRROR_TOKEN',
  appId: 'REPO_MIRROR_APP_ID',
  appKey: 'REPO_MIRROR_APP_PRIVATE_KEY',
  appInstallation: 'REPO_MIRROR_APP_INSTALLATION_ID'
} as const

export const HELP = `Usage: repo-mirror --source REPO --target REPO [options]
       repo-mirror --config FLEET.yml [options]

Mirrors branches and tags from a source repository to a target (the same engine as the
GitHub Action), for one pair or for a whole fleet from a config file.

Pair:
  --source REPO              owner/name, an https URL or a local path
  --target REPO              the same forms; repeat --target for several targets
  --config FILE              a fleet config (YAML: defaults, mirrors, owners) instead of a pair

Options (for a fleet, they override the config's defaults and entries):
  --branches LIST            branch patterns, comma-separated ('**' = all; default: the default branch)
  --tags LIST                tag patterns, comma-separated (default: '**'; '' = none)
  --force                    overwrite diverged branches and moved tags (with a backup first)
  --prune                    delete target branches and tags the source does not have
  --dry-run                  plan only: change nothing
  --no-sync-workflows        leave changes to .github/workflows/ alone
  --backup-ref-prefix REF    where backups go (default refs/mirror-backup/)
  --retries N                retries for network operations (default 3)
  --github-server-url URL    the GitHub server for owner/name (default https://github.com)
  --github-api-url URL       its REST API (default: derived from the server)
  --create-targets           create missing GitHub target repositories (private)

Running:
  --concurrency N            pairs mirrored at once (default 4)
  --report FILE              write the combined JSON report of every pair to FILE
  --verbose                  print every log line of every pair
  -h, --help                 show this help

Credentials come only from the environment:
  ${TOKEN_ENV.source}   token for the source
  ${TOKEN_ENV.target}   token for the target
  ${TOKEN_ENV.both}          token for both sides, when the two above are unset
  ${TOKEN_ENV.appId}, ${TOKEN_ENV.appKey}, ${TOKEN_ENV.appInstallation}
                             a GitHub App instead of tokens

Exit status: 0 every pair synced, in sync or planned; 1 a pair failed or has conflicts;
2 bad usage (flags, config, environment).
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

const SECRET_FLAGS = /^--?(source-token|target-token|token|app-private-key|private-key)(=|$)/

export function parseCliArgs(argv: string[]): CliArgs {
  const secret = argv.find(a => SECRET_FLAGS.test(a))
  if (secret)
    throw new UsageError(
      `${secret.split('=')[0]} is not a flag: tokens are read from the environment only (${TOKEN_ENV.source}, ${TOKEN_ENV.target}, ${TOKEN_ENV.both}); see --help`
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
        branches: { type: 'string' },
        tags: { type: 'string' },
        force: { type: 'boolean' },
        prune: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'no-sync-workflows': { type: 'boolean' },
        'backup-ref-prefix': { type: 'string' },
        retries: { type: 'string' },
        'github-server-url': { type: 'string' },
        'github-api-url': { type: 'string' },
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
  const inputs: Record<string, string> = {}
  // Lists on the command line are comma-separated; the action's inputs take the same form.
  const strings = [
    'branches',
    'tags',
    'backup-ref-prefix',
    'retries',
    'github-server-url',
    'github-api-url'
  ] as const
  for (const k of strings) if (values[k] !== undefined) inputs[k] = values[k]
  for (const k of ['force', 'prune', 'dry-run'] as const) if (values[k]) inputs[k] = 'true'
  if (values['no-sync-workflows']) inputs['sync-workflows'] = 'false'
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

/** Credentials and App settings from the environment, as action inputs. */
export function envInputs(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return {
    'source-token': env[TOKEN_ENV.source] || env[TOKEN_ENV.both],
    'target-token': env[TOKEN_ENV.target] || env[TOKEN_ENV.both],
    'app-id': env[TOKEN_ENV.appId],
    'app-private-key': env[TOKEN_ENV.appKey],
    'app-installation-id': env[TOKEN_ENV.appInstallation]
  }
}
