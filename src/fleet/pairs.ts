import type { Api } from '../github/octokit.js'
import { ConfigError, isUsageError, pairOptions, type FleetConfig, type PairOptions } from './config.js'
import { filterRepos, listOwnerRepos } from './discover.js'
import { createMissingTargets } from './targets.js'

/** One source → target mirror of a fleet, with its options, and where in the config it came from. */
export interface Pair {
  source: string
  target: string
  options: PairOptions
  origin: string
}

export interface ResolveContext {
  /** A REST client with the source token, for owner discovery. */
  sourceApi: () => Api
  /** A REST client with the target token, for create-targets. */
  targetApi: () => Api
  info: (line: string) => void
  warning: (line: string) => void
}

export interface Resolved {
  pairs: Pair[]
  /** Per-pair problems found while planning (a target that could not be created), by pair index. */
  problems: Map<number, string>
  /** Owners that could not be listed: their pairs are unknown, the rest of the fleet is not. */
  unlisted: { origin: string; source: string; target: string; problem: string }[]
}

const key = (repo: string) =>
  repo
    .toLowerCase()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
const ownerName = (repo: string) => {
  const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(repo)
  return m ? { owner: m[1]!, name: m[2]!.replace(/\.git$/, '') } : undefined
}

/**
 * The config's pairs: `mirrors` as listed (one pair per target), then each owner's repositories as
 * the API lists them. An owner that cannot be listed fails the plan (its pairs are unknown); two
 * pairs writing one target are a config error (they would overwrite each other). With
 * create-targets, missing 'owner/name' targets are created; one that cannot be is that pair's
 * problem only.
 */
export async function resolvePairs(config: FleetConfig, ctx: ResolveContext): Promise<Resolved> {
  const pairs: Pair[] = []
  config.mirrors?.forEach((m, i) => {
    const options = pairOptions(config.defaults, m)
    const targets = m.targets ?? [m.target!]
    targets.forEach((target, j) =>
      pairs.push({
        source: m.source,
        target,
        options,
        origin: m.targets ? `mirrors[${i}].targets[${j}]` : `mirrors[${i}]`
      })
    )
  })
  const unlisted: Resolved['unlisted'] = []
  for (const [i, o] of (config.owners ?? []).entries()) {
    let listed
    try {
      listed = await listOwnerRepos(ctx.sourceApi(), o.source)
    } catch (err) {
      if (isUsageError(err)) throw err
      const problem = `could not list the repositories of ${o.source}: ${err instanceof Error ? err.message : String(err)}`
      ctx.warning(`owners[${i}]: ${problem}`)
      unlisted.push({ origin: `owners[${i}]`, source: o.source, target: o.target, problem })
      continue
    }
    const found = filterRepos(listed, o)
    ctx.info(
      `owners[${i}]: ${o.source} has ${found.names.length + found.left.length} repositories; ${found.names.length} selected`
    )
    for (const l of found.left) ctx.info(`  ${o.source}/${l.name}: left out (${l.why})`)
    const options = pairOptions(config.defaults, o)
    for (const name of found.names)
      pairs.push({
        source: `${o.source}/${name}`,
        target: `${o.target}/${name}`,
        options,
        origin: `owners[${i}]`
      })
  }

  const seen = new Map<string, Pair>()
  const clashes: string[] = []
  const unique: Pair[] = []
  for (const p of pairs) {
    const before = seen.get(key(p.target))
    if (!before) {
      seen.set(key(p.target), p)
      unique.push(p)
    } else if (key(before.source) !== key(p.source))
      clashes.push(
        `${p.origin} and ${before.origin} both mirror into ${p.target} (from ${p.source} and ${before.source}): give each target one source`
      )
    else ctx.info(`${p.origin}: ${p.source} → ${p.target} is already listed by ${before.origin}`)
  }
  if (clashes.length) throw new ConfigError(clashes.join('\n'))

  const problems = new Map<number, string>()
  const toCreate = unique
    .map((p, index) => ({ p, index, id: ownerName(p.target) }))
    .filter(x => x.p.options['create-targets'] && !x.p.options['dry-run'] && x.id)
  if (toCreate.length) {
    const results = await createMissingTargets(
      ctx.targetApi(),
      toCreate.map(x => ({ ...x.id!, source: x.p.source }))
    )
    toCreate.forEach(x => {
      const r = results.find(c => key(c.repo) === key(`${x.id!.owner}/${x.id!.name}`))
      if (r?.created) ctx.info(`created ${r.repo} (private) for ${x.p.source}`)
      if (r?.error) {
        problems.set(x.index, r.error)
        ctx.warning(`${x.p.source} → ${x.p.target}: ${r.error}`)
      }
    })
  }
  return { pairs: unique, problems, unlisted }
}
