import { execFileSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { shellWord, yamlLines } from '../../src/report/markdown.js'

// Ref names are attacker-controlled and git allows invisible characters (U+2028, NBSP, NEL) in them:
// the undo commands must reproduce the name exactly while the summary shows nothing invisible.
const names = [
  'refs/heads/main',
  "refs/heads/it's $HOME; rm",
  'refs/heads/gone\u2028branch',
  'a\u00a0b\u0085c\\x\'"'
]

describe('words the summary prints for a shell and for YAML', () => {
  it.each(names)('bash reads %j back exactly from its shell word', name => {
    const word = shellWord(name)
    expect(word).toMatch(/^[\x20-\x7e]+$/)
    expect(execFileSync('bash', ['-c', `printf %s ${word}`]).toString()).toBe(name)
  })

  it('keeps printable names in a literal block and escapes the others in one quoted scalar', () => {
    expect(yamlLines('branches', ['main', 'feature/x'])).toEqual(['branches: |', '  main', '  feature/x'])
    expect(yamlLines('tags', [])).toEqual(["tags: ''"])
    expect(yamlLines('branches', ['gone\u2028b"r', 'main'])).toEqual(['branches: "gone\\u2028b\\"r\\nmain"'])
  })
})
