import { z } from 'zod'
import { ConfigError, PairOptionsSchema } from './config.js'
import type { Pair } from './pairs.js'

/** GitHub runs at most 256 jobs from one matrix; a larger fleet is split into chunks this size. */
export const MAX_LEGS_PER_MATRIX = 256
/** A job output may hold at most 1 MB, and a run's outputs 50 MB in all. */
export const MAX_OUTPUT_BYTES = 1024 * 1024
export const MAX_RUN_OUTPUT_BYTES = 50 * 1024 * 1024

/** One matrix leg: what the mirror step of that job needs (`leg: ${{ toJSON(matrix) }}`). */
export const LegSchema = z
  .object({
    /** For the job's name: `name: ${{ matrix.name }}`. */
    name: z.string(),
    source: z.string().min(1),
    target: z.string().min(1),
    /** This leg's report artifact name, unique in the run; collect finds legs by its pattern. */
    report: z.string().regex(/^[A-Za-z0-9._ -]{1,100}$/),
    options: PairOptionsSchema
  })
  .strict()
export type Leg = z.infer<typeof LegSchema>

/** The artifact name of leg `index` (0-based): `<prefix>-0001-<source>-to-<target>`, at most 100 characters. */
export function legReportName(prefix: string, index: number, pair: Pick<Pair, 'source' | 'target'>): string {
  const slug = (s: string) =>
    s
      .replace(/^[a-z]+:\/\/[^/]+\//i, '')
      .replace(/\.git$/, '')
      .replace(/[^A-Za-z0-9._-]+/g, '_')
  const head = `${prefix}-${String(index + 1).padStart(4, '0')}`
  return `${head}-${slug(pair.source)}-to-${slug(pair.target)}`.slice(0, 100).replace(/[ .]+$/, '')
}

/** Whether an artifact name is one of this run's leg reports (and not, say, the combined report). */
export function isLegReport(prefix: string, artifactName: string): boolean {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return new RegExp(`^${escaped}-\\d{4,}(-|$)`).test(artifactName)
}

export function legsOf(pairs: Pair[], prefix: string): Leg[] {
  return pairs.map((p, i) => {
    // create-targets was done by the plan; the leg only mirrors.
    const { 'create-targets': _done, ...options } = p.options
    return {
      name: `${p.source} → ${p.target}`,
      source: p.source,
      target: p.target,
      report: legReportName(prefix, i, p),
      options
    }
  })
}

/**
 * Legs in chunks GitHub accepts, each a value for `strategy.matrix`: at most 256 legs and under 1 MB
 * of JSON (a job output's limit), in order. A fleet whose chunks together pass a run's 50 MB of
 * outputs cannot be planned in one run.
 */
export function matrixChunks(legs: Leg[]): { include: Leg[] }[] {
  const chunks: { include: Leg[] }[] = []
  const empty = Buffer.byteLength(JSON.stringify({ include: [] }))
  let bytes = 0
  let total = 0
  for (const leg of legs) {
    // A leg's JSON plus the comma before it.
    const size = Buffer.byteLength(JSON.stringify(leg)) + 1
    if (empty + size >= MAX_OUTPUT_BYTES)
      throw new ConfigError(
        `the leg ${leg.name} alone is over GitHub's 1 MB output limit: shorten its options (branches, tags)`
      )
    const last = chunks.at(-1)
    if (!last || last.include.length === MAX_LEGS_PER_MATRIX || bytes + size >= MAX_OUTPUT_BYTES) {
      chunks.push({ include: [leg] })
      bytes = empty + size
    } else {
      last.include.push(leg)
      bytes += size
    }
    total += size
  }
  if (total + chunks.length * empty >= MAX_RUN_OUTPUT_BYTES)
    throw new ConfigError(
      `the fleet's matrix (${legs.length} legs) is over the 50 MB GitHub allows for a run's outputs: split the config into several workflows`
    )
  return chunks
}

/** Output names of the chunks: `matrix` for the first, then `matrix-2`, `matrix-3`, … */
export const chunkOutput = (n: number) => (n === 0 ? 'matrix' : `matrix-${n + 1}`)
