import picomatch from 'picomatch'
import { describe, expect, it } from 'vitest'
import { selectRefs } from '../../src/refs/select.js'
import type { RemoteRefs } from '../../src/refs/types.js'

const ID = 'a'.repeat(40)
const side = (names: string[]): RemoteRefs => ({ refs: new Map(names.map(n => [n, ID])) })

describe('selectRefs', () => {
  it("selects with '**' exactly what picomatch's '**' selects, whatever the names", () => {
    let seed = 7
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    // Dots at the start of components are where '**' stops matching; the rest are names git refuses.
    const parts = ['a', 'b', '.', '/', '..', '.x', '//', '\u2028', ' ', '*', '[', '(', '!', '-', '@{']
    const names = new Set<string>()
    while (names.size < 400)
      names.add(
        `refs/${['heads', 'tags'][rand(2)]}/${Array.from({ length: 1 + rand(5) }, () => parts[rand(parts.length)]).join('')}`
      )
    const all = [...names]
    const star = selectRefs(side(all.slice(0, 200)), side(all.slice(150)), ['**'], ['**'])
    // The same selection with picomatch asked for every name (an exclusion that matches none).
    const asked = selectRefs(
      side(all.slice(0, 200)),
      side(all.slice(150)),
      ['**', '!no/such'],
      ['**', '!no/such']
    )
    expect(star).toEqual(asked)
    const m = picomatch('**', { dot: false, flags: 's' })
    const matched = all.filter(n => m(n.replace(/^refs\/(heads|tags)\//, '')))
    // Names '**' skips silently, names it selects that git refuses (warned about), and plain ones all occur.
    expect(matched.length).toBeLessThan(all.length)
    expect(star.warnings.length).toBeGreaterThan(20)
    expect(star.refs.length).toBeGreaterThan(20)
    expect(star.refs.length + star.warnings.length).toBe(matched.length)
  })
})
