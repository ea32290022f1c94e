import { readFileSync } from 'node:fs'
import { parse as parseYaml, type YAMLParseError } from 'yaml'
import { z } from 'zod'
import { InputError, parseInputs } from '../inputs.js'

/**
 * Options a fleet config may set per pair (in `defaults`, a `mirrors` entry or an `owners` entry).
 * The names are the action's own inputs, so they mean exactly what they mean there (the action's
 * validation checks their values). Tokens, App keys and SSH keys are not among them: secrets belong
 * in the workflow's secrets or the environment, not in a file.
 */
const PairOptionsShape = {
  branches: z.union([z.string(), z.array(z.string())]).optional(),
  tags: z.union([z.string(), z.array(z.string())]).optional(),
  force: z.boolean().optional(),
  prune: z.boolean().optional(),
  'dry-run': z.boolean().optional(),
  'backup-ref-prefix': z.string().optional(),
  'sync-workflows': z.boolean().optional(),
  retries: z.number().int().optional(),
  'retention-days': z.number().int().optional(),
  'max-refs-per-push': z.number().int().optional(),
  'allow-mass-prune': z.boolean().optional(),
  'on-conflict': z.string().optional(),
  'pull-request-prefix': z.string().optional(),
  'backup-retention-days': z.number().int().optional(),
  lfs: z.union([z.boolean(), z.literal('auto')]).optional(),
  'source-username': z.string().optional(),
  'target-username': z.string().optional(),
  /** Create a missing GitHub target repository (private) before mirroring into it. */
  'create-targets': z.boolean().optional()
}
export const PAIR_OPTION_NAMES = Object.keys(PairOptionsShape) as (keyof typeof PairOptionsShape)[]
export const PairOptionsSchema = z.object(PairOptionsShape).strict()

const repoField = z.string({ error: 'must be a repository: owner/name, an https URL or a path' }).min(1)
const ownerField = z
  .string({ error: "must be a GitHub owner (user or organisation), e.g. 'acme'" })
  .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "must be a GitHub owner (user or organisation), e.g. 'acme'")
const globs = z.array(z.string().min(1), { error: 'must be a list of name patterns' })

const MirrorSchema = z
  .object({
    source: repoField,
    target: repoField.optional(),
    targets: z.array(repoField, { error: 'must be a list of repositories' }).min(1).optional(),
    ...PairOptionsShape
  })
  .strict()
  .refine(m => (m.target === undefined) !== (m.targets === undefined), {
    message: "needs exactly one of 'target' or 'targets'"
  })

export const SKIP_KINDS = ['archived', 'forks', 'empty'] as const

const OwnerSchema = z
  .object({
    source: ownerField,
    target: ownerField,
    include: globs.optional(),
    exclude: globs.optional(),
    skip: z.array(z.enum(SKIP_KINDS, { error: `must be one of ${SKIP_KINDS.join(', ')}` })).optional(),
    ...PairOptionsShape
  })
  .strict()

export const FleetConfigSchema = z
  .object({
    defaults: PairOptionsSchema.optional(),
    mirrors: z.array(MirrorSchema).optional(),
    owners: z.array(OwnerSchema).optional()
  })
  .strict()
  .refine(c => (c.mirrors?.length ?? 0) + (c.owners?.length ?? 0) > 0, {
    message: "lists nothing to mirror: add 'mirrors' or 'owners' entries"
  })

export type FleetConfig = z.infer<typeof FleetConfigSchema>
export type PairOptions = z.infer<typeof PairOptionsSchema>
export type OwnerEntry = z.infer<typeof OwnerSchema>

/** Inputs as strings, the way the runner passes them: a YAML list becomes one pattern per line. */
export function optionInputs(options: PairOptions): Record<string, string> {
  const raw: Record<string, string> = {}
  for (const name of PAIR_OPTION_NAMES) {
    const v = options[name]
    if (v === undefined || name === 'create-targets') continue
    raw[name] = Array.isArray(v) ? v.join('\n') : String(v)
  }
  return raw
}

/** Only the pair options of an entry, defaults first, so an entry overrides what it names. */
export function pairOptions(defaults: PairOptions | undefined, entry: PairOptions): PairOptions {
  const out: Record<string, unknown> = {}
  for (const name of PAIR_OPTION_NAMES) {
    const v = entry[name] ?? defaults?.[name]
    if (v !== undefined) out[name] = v
  }
  return out
}

/** `mirrors[1].targets[0]`, as a user finds it in the file. */
export function pathOf(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('')
}

/** A fleet config or fleet input that cannot work as given: the user's to fix (the CLI exits 2). */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Errors the user fixes by changing what they gave: inputs, flags or the config. */
export const isUsageError = (err: unknown) => err instanceof InputError || err instanceof ConfigError

function issueLine(file: string, issue: z.core.$ZodIssue): string {
  const where = pathOf(issue.path)
  if (issue.code === 'unrecognized_keys') {
    const allowed = where === '' ? 'defaults, mirrors, owners' : undefined
    return `${file}: ${where ? `${where}: ` : ''}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(k => `'${k}'`).join(', ')}${allowed ? ` (allowed: ${allowed})` : ''}`
  }
  return `${file}: ${where ? `${where}: ` : ''}${issue.message}`
}

/** Parses and validates a fleet config's text: every problem on its own line, each naming its path. */
export function parseConfig(text: string, file = 'config'): FleetConfig {
  let doc: unknown
  try {
    doc = parseYaml(text, { prettyErrors: true })
  } catch (err) {
    const e = err as YAMLParseError
    const pos = e.linePos?.[0]
    throw new ConfigError(
      `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`
    )
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigError(`${file}: must be a YAML mapping with 'mirrors' and/or 'owners'`)
  const parsed = FleetConfigSchema.safeParse(doc)
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(i => issueLine(file, i)).join('\n'))
  // The per-pair options are the action's inputs: the action's own validation checks them, so a
  // bad pattern reads the same in a config as in a workflow, prefixed with where it is.
  const problems: string[] = []
  const check = (where: string, options: PairOptions, source = 'o/source', target = 'o/target') => {
    try {
      parseInputs({ 'source-repo': source, 'target-repo': target, ...optionInputs(options) }, {})
    } catch (err) {
      if (!(err instanceof InputError)) throw err
      for (const line of err.message.split('\n')) problems.push(`${file}: ${where}: ${line}`)
    }
  }
  const c = parsed.data
  if (c.defaults) check('defaults', c.defaults)
  c.mirrors?.forEach((m, i) =>
    (m.targets ?? [m.target!]).forEach((t, j) =>
      check(
        m.targets ? `mirrors[${i}].targets[${j}]` : `mirrors[${i}]`,
        pairOptions(c.defaults, m),
        m.source,
        t
      )
    )
  )
  c.owners?.forEach((o, i) => {
    check(`owners[${i}]`, pairOptions(c.defaults, o))
    if (o.source.toLowerCase() === o.target.toLowerCase())
      problems.push(`${file}: owners[${i}]: source and target are the same owner: nothing to mirror`)
  })
  if (problems.length) throw new ConfigError([...new Set(problems)].join('\n'))
  return c
}

export function readConfig(file: string, shown = file): FleetConfig {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(
      `config ${shown} could not be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`
    )
  }
  return parseConfig(text, shown)
}
