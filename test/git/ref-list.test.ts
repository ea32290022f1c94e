import { describe, expect, it } from 'vitest'
import { parseRefList } from '../../src/git/ref-list.js'

/** The rule, one split line at a time: what the single-pass parser must agree with. */
function byLines(stdout: string): Map<string, string> {
  const refs = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const [id, ref, extra] = line.split('\t')
    if (extra !== undefined || !id || !ref || !/^[0-9a-f]{40,64}$/.test(id) || ref.endsWith('^{}')) continue
    refs.set(ref, id)
  }
  return refs
}

const A = 'a'.repeat(40)
const B = 'b'.repeat(64)

describe('parseRefList', () => {
  it('reads every id and name of a listing, and nothing that is not one', () => {
    const lines = [
      `ref: refs/heads/main\tHEAD`,
      `${A}\tHEAD`,
      `${A}\trefs/heads/main`,
      `${B}\trefs/tags/v1`,
      `${A}\trefs/tags/v1^{}`,
      `${A}\trefs/heads/line\u2028separator`,
      `${A}\trefs/heads/two\ttabs`,
      `${A.slice(1)}\trefs/heads/short-id`,
      `${'g'.repeat(40)}\trefs/heads/not-hex`,
      `no tab on this line`,
      `another line without one`,
      `${A}\t`,
      ``,
      `${B}\trefs/heads/last-without-newline`
    ]
    const stdout = lines.join('\n')
    const got = parseRefList(stdout)
    expect(got).toEqual(byLines(stdout))
    expect([...got.keys()]).toEqual([
      'HEAD',
      'refs/heads/main',
      'refs/tags/v1',
      'refs/heads/line\u2028separator',
      'refs/heads/last-without-newline'
    ])
    expect(parseRefList(stdout, r => r.startsWith('refs/tags/'))).toEqual(new Map([['refs/tags/v1', B]]))
  })

  it('agrees with the line-by-line rule on random listings', () => {
    let seed = 7
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    const parts = [A, B, 'refs/heads/x', 'refs/tags/y^{}', '\t', '\n', '\u2028', 'ref: ', 'HEAD', 'z']
    for (let i = 0; i < 500; i++) {
      const stdout = Array.from({ length: rand(30) }, () => parts[rand(parts.length)]).join('')
      expect(parseRefList(stdout)).toEqual(byLines(stdout))
    }
  })
})
