import { describe, expect, it } from 'vitest'
import { openTokens, sealTokens } from '../../src/auth/state.js'

const tokens = [
  {
    token: 'ghs_abcdefghijklmnopqrstuvwxyz0123',
    expiresAt: '2030-01-01T00:00:00Z',
    apiUrl: 'https://api.github.com'
  },
  {
    // GitHub's newer, longer format, with dots.
    token: `ghs_${'a1B2'.repeat(10)}.${'c3D4'.repeat(15)}.${'e5F6'.repeat(6)}`,
    expiresAt: '2030-01-01T00:00:00Z',
    apiUrl: 'https://ghe.example.com/api/v3'
  }
]

describe('App tokens saved for the post step', () => {
  it('round-trips with the same key and never holds the token in clear', () => {
    const sealed = sealTokens(tokens, 'KEY A')
    for (const { token } of tokens) {
      expect(sealed).not.toContain(token)
      expect(Buffer.from(sealed, 'base64').toString('latin1')).not.toContain(token)
    }
    expect(openTokens(sealed, 'KEY A')).toEqual(tokens)
  })

  it('cannot be opened with another key, and nothing is saved for no tokens', () => {
    expect(() => openTokens(sealTokens(tokens, 'KEY A'), 'KEY B')).toThrow()
    expect(sealTokens([], 'KEY A')).toBe('')
    expect(openTokens('', 'KEY A')).toEqual([])
  })
})
