import { shown } from '../inputs.js'
import picomatch from 'picomatch'
import { refNameProblem } from './refname.js'
import type { RefKind } from '../record.js'
import { HEADS, TAGS, kindOf, shortName, type RemoteRefs } from './types.js'

export interface Selection {
  /** Full ref names selected on either side, sorted. */
  refs: string[]
  /** Human-readable notes: wildcard patterns that matched nothing, refs refused for their names. */
  warnings: string[]
  /**
   * Names without wildcards that match nothing: a typo (`mian`) would otherwise give a green run
   * that mirrors nothing. One line each, naming the nearest names that exist.
   */
  errors: string[]
}

/** True when a pattern has a glob character that is not escaped: it may rightly match nothing. */
const hasWildcard = (pattern: string) => /(^|[^\\])[*?[\]{}()!+@|]/.test(pattern)

/** Edit distance (insertions, deletions, substitutions and swaps of neighbours). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1)
      d[i]![j] = v
    }
  return d[a.length]![b.length]!
}

const MAX_NAMED = 5

/** The names closest to `wanted` (a typo's likely target), else the first few that exist. */
export function nearbyNames(wanted: string, names: string[]): string {
  if (names.length === 0) return 'there is none in the source or target'
  const near = names
    .map(n => ({ n, d: distance(wanted.toLowerCase(), n.toLowerCase()) }))
    .filter(x => x.d <= Math.max(2, Math.floor(wanted.length / 3)))
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
    .map(x => x.n)
  const list = (near.length ? near : [...names].sort()).slice(0, MAX_NAMED).map(shown).join(', ')
  return near.length ? `did you mean ${list}?` : `existing: ${list}${names.length > MAX_NAMED ? ', …' : ''}`
}

function matcher(patterns: string[]): { test: (name: string) => boolean; unused: () => string[] } {
  const include = patterns.filter(p => !p.startsWith('!'))
  const exclude = patterns.filter(p => p.startsWith('!')).map(p => p.slice(1))
  // 's': picomatch's '*' and '**' are built on '.', which stops at U+2028/U+2029, characters git
  // allows in ref names.
  const inc = include.map(p => ({ p, m: picomatch(p, { dot: false, flags: 's' }), hits: 0 }))
  const exc = exclude.length ? picomatch(exclude, { flags: 's' }) : () => false
  // '**' alone, the usual "everything": it matches every name none of whose components starts with
  // '.', so 20,000 names need not each go through picomatch; the others still do.
  const everything = exclude.length === 0 && include.length === 1 && include[0] === '**' ? inc[0] : undefined
  return {
    test(name) {
      if (everything && !name.startsWith('.') && !name.includes('/.')) {
        everything.hits++
        return true
      }
      if (exc(name)) return false
      let hit = false
      for (const i of inc) {
        if (i.m(name)) {
          i.hits++
          hit = true
        }
      }
      return hit
    },
    unused: () => inc.filter(i => i.hits === 0).map(i => i.p)
  }
}

/**
 * Chooses the branches and tags to mirror: patterns apply to short names on both sides, so a
 * ref that exists only in the target is still seen (and reported, or pruned).
 */
export function selectRefs(
  source: RemoteRefs,
  target: RemoteRefs,
  branches: string[],
  tags: string[]
): Selection {
  const warnings: string[] = []
  const errors: string[] = []
  // Each name once, split by kind: the source's, then those only the target has. A lookup per
  // target name costs less than building the union in a Set (two inserts per name of a listing).
  const names: Record<RefKind, string[]> = { branch: [], tag: [] }
  for (const ref of source.refs.keys()) {
    const kind = kindOf(ref)
    if (kind) names[kind].push(ref)
  }
  for (const ref of target.refs.keys()) {
    if (source.refs.has(ref)) continue
    const kind = kindOf(ref)
    if (kind) names[kind].push(ref)
  }
  const selected: string[] = []
  const byKind: [RefKind, string, string[]][] = [
    ['branch', HEADS, branches],
    ['tag', TAGS, tags]
  ]
  for (const [kind, prefix, patterns] of byKind) {
    if (patterns.length === 0) continue
    const m = matcher(patterns)
    for (const ref of names[kind]) {
      if (!m.test(ref.slice(prefix.length))) continue
      const problem = refNameProblem(ref)
      if (problem)
        warnings.push(
          `skipping ${kind} '${shortName(ref).replace(/[^\x20-\x7e]/g, '?')}': its name ${problem}`
        )
      else selected.push(ref)
    }
    // '**' matching nothing just means there are none (e.g. no tags): not worth a warning.
    const input = kind === 'branch' ? 'branches' : 'tags'
    const unused = m.unused().filter(p => p !== '**')
    const existing = unused.length > 0 ? names[kind].map(shortName) : []
    for (const p of unused) {
      const line = `${input} pattern ${shown(p)} matched no ${kind} in the source or target`
      if (hasWildcard(p)) warnings.push(line)
      else errors.push(`${line}: ${nearbyNames(p.replace(/\\(.)/g, '$1'), existing)}`)
    }
  }
  return { refs: selected.sort(), warnings, errors }
}

/** A pattern that matches exactly one name, whatever glob characters it contains. */
export function literalPattern(name: string): string {
  return name.replace(/[\\*?[\]{}()!+@|]/g, '\\$&')
}
