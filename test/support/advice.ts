import { expect } from 'vitest'

/**
 * The fenced block of a language in the summary's numbered advice (indented three spaces), the
 * first one after `heading` when given: what a reader would copy.
 */
export function adviceBlock(summary: string, lang: string, heading = ''): string[] {
  const section = summary.slice(Math.max(0, summary.indexOf(heading)))
  const m = new RegExp(`\\n   \`\`\`${lang}\\n([\\s\\S]*?)\\n   \`\`\`\\n`).exec(section)
  expect(m, `no ${lang} block${heading ? ` under ${heading}` : ''} in:\n${summary}`).not.toBeNull()
  return m![1]!.split('\n').map(l => l.replace(/^ {3}/, ''))
}

/** The few YAML shapes the advice uses: `key: value`, `key: ''` and `key: |` blocks. */
export function yamlInputs(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i < lines.length; i++) {
    const [, key, value] = /^([\w-]+): (.*)$/.exec(lines[i]!)!
    if (value === '|') {
      const items: string[] = []
      while (lines[i + 1]?.startsWith('  ')) items.push(lines[++i]!.slice(2))
      out[key!] = items.join('\n')
    } else out[key!] = value === "''" ? '' : value!
  }
  return out
}
