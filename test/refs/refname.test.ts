import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { refNameProblem } from '../../src/refs/refname.js'

describe('refNameProblem', () => {
  it('accepts and refuses exactly the names git check-ref-format does', () => {
    let seed = 11
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    // The characters the rules are about, and plain ones between them.
    const parts = ['a', 'b1', '.', '/', '-', '_', '.lock', 'lock', '..', '@', '{', ' ', '*', ':', '\u00e9']
    const names = new Set<string>(['refs/heads/main', 'refs/tags/v1.2.3', 'refs/heads/feature/x-y_z'])
    while (names.size < 250)
      names.add(
        `refs/${['heads', 'tags'][rand(2)]}/${Array.from({ length: 1 + rand(6) }, () => parts[rand(parts.length)]).join('')}`
      )
    const disagree = [...names].filter(name => {
      const git = spawnSync('git', ['check-ref-format', name]).status === 0
      return git !== (refNameProblem(name) === undefined)
    })
    expect(disagree).toEqual([])
    // Both answers occur: the names test the rules, not only one side of them.
    expect([...names].filter(n => refNameProblem(n) === undefined).length).toBeGreaterThan(30)
    expect([...names].filter(n => refNameProblem(n) !== undefined).length).toBeGreaterThan(30)
  })
})
