import { describe, expect, it } from 'vitest'
import { classify, linesByRef, pushLimit } from '../../src/push/cause.js'

// Server output as GitHub and git print it (see docs in github-facts).
const GH013_LIMIT = [
  'remote: error: GH013: Repository rule violations found for refs/heads/a.',
  'remote: Review all repository rules at https://github.com/o/r/rules?ref=refs%2Fheads%2Fa',
  'remote: - Pushes can not update more than 5 branches or tags.',
  'remote: error: GH013: Repository rule violations found for refs/heads/b.',
  'remote: - Pushes can not update more than 5 branches or tags.',
  'To https://github.com/o/r.git',
  ' ! [remote rejected] a -> a (push declined due to repository rule violations)'
].join('\n')

describe('reading the server', () => {
  it('reads the push policy number', () => {
    expect(pushLimit(GH013_LIMIT)).toBe(5)
    expect(
      pushLimit('remote: error: GH013: Repository rule violations found for refs/heads/a.')
    ).toBeUndefined()
  })

  it("splits remote lines into each named ref's block", () => {
    const m = linesByRef(GH013_LIMIT, ['refs/heads/a', 'refs/heads/b', 'refs/heads/c'])
    expect([...m.keys()]).toEqual(['refs/heads/a', 'refs/heads/b'])
    expect(m.get('refs/heads/a')).toHaveLength(3)
    expect(m.get('refs/heads/b')!.join('\n')).toContain('more than 5')
  })

  it('classifies the refusals a mirror meets, most specific first', () => {
    expect(classify(GH013_LIMIT)).toBe('push-limit')
    expect(
      classify('pre-receive hook declined\nGH013: Repository rule violations found for refs/heads/x')
    ).toBe('ruleset')
    expect(classify('protected branch hook declined\nGH006: Protected branch update failed')).toBe(
      'protected'
    )
    expect(
      classify('unpacker error\nerror: object 1234567890123456789012345678901234567890: badTimezone: x')
    ).toBe('fsck')
    expect(classify('pre-receive hook declined\nno tickets')).toBe('hook-declined')
    expect(classify('failed to update ref')).toBe('name-conflict')
    expect(classify('something new')).toBe('unknown')
  })
})
