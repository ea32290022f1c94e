import { shown } from '../inputs.js'
import picomatch from 'picomatch'
import { refNameProblem } from './refname.js'
import type { RefKind } from '../record.js'
import { HEADS, TAGS, shortName, type RemoteRefs } from './types.js'

export interface Selection {
  /** Full ref names selected on either side, sorted. */
  refs: string[]
  /** Human-readable notes: patterns that matched nothing, refs refused for their names. */
  warnings: string[]
}

function matcher(patterns: string[]): { test: (name: string) => boolean; unused: () => string[] } {
  const include = patterns.filter(p => !p.startsWith('!'))
  const exclude = patterns.filter(p => p.startsWith('!')).map(p => p.slice(1))
  // 's': picomatch's '*' and '**' are built on '.', which stops at U+2028/U+2029, characters git
  // allows in ref names.
  const inc = include.map(p => ({ p, m: picomatch(p, { dot: false, flags: 's' }), hits: 0 }))
  const exc = exclude.length ? picomatch(exclude, { flags: 's' }) : () => false
  return {
    test(name) {
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
  const all = new Set([...source.refs.keys(), ...target.refs.keys()])
  const selected: string[] = []
  const byKind: [RefKind, string, string[]][] = [
    ['branch', HEADS, branches],
    ['tag', TAGS, tags]
  ]
  for (const [kind, prefix, patterns] of byKind) {
    if (patterns.length === 0) continue
    const m = matcher(patterns)
    for (const ref of all) {
      if (!ref.startsWith(prefix) || !m.test(shortName(ref))) continue
      const problem = refNameProblem(ref)
      if (problem)
        warnings.push(
          `skipping ${kind} '${shortName(ref).replace(/[^\x20-\x7e]/g, '?')}': its name ${problem}`
        )
      else selected.push(ref)
    }
    // '**' matching nothing just means there are none (e.g. no tags): not worth a warning.
    for (const p of m.unused().filter(p => p !== '**'))
      warnings.push(
        `${kind === 'branch' ? 'branches' : 'tags'} pattern ${shown(p)} matched no ${kind} in the source or target`
      )
  }
  return { refs: selected.sort(), warnings }
}

/** A pattern that matches exactly one name, whatever glob characters it contains. */
export function literalPattern(name: string): string {
  return name.replace(/[\\*?[\]{}()!+@|]/g, '\\$&')
}
