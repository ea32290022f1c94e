const USUAL = /^[\w./-]+$/

/**
 * git check-ref-format's rules, checked without spawning git, so a bad name or pattern is refused
 * before anything runs. Returns why the name is invalid, or undefined when it is fine.
 */
export function refNameProblem(raw: string, { glob = false } = {}): string | undefined {
  // In a glob, '\x' means a literal x (how the summary's advice writes names like 'fix(x)').
  const name = glob ? raw.replace(/\\(.)/g, '$1') : raw
  // The usual name (letters, digits, '-', '_', '.', '/') can fail only the checks on those; this
  // answers for nearly every ref of a 20,000-ref listing without the ten checks below.
  if (
    USUAL.test(name) &&
    !name.startsWith('-') &&
    !name.startsWith('.') &&
    !name.includes('/.') &&
    !name.includes('..') &&
    !name.includes('//') &&
    !name.startsWith('/') &&
    !name.endsWith('/') &&
    !name.endsWith('.') &&
    !name.endsWith('.lock') &&
    !name.includes('.lock/')
  )
    return undefined
  if (name === '') return 'is empty'
  if (name.startsWith('-')) return "starts with '-' (git would read it as an option)"

  if (/[\u0000-\u001f\u007f]/.test(name)) return 'contains a control character'
  if (/[ \\:~^]/.test(name)) return 'contains one of space \\ : ~ ^'
  if (!glob && /[*?[]/.test(name)) return 'contains one of * ? ['
  if (name.includes('..')) return "contains '..'"
  if (name.includes('@{')) return "contains '@{'"
  if (name === '@') return "is '@'"
  if (name.startsWith('/') || name.endsWith('/') || name.includes('//')) return 'has an empty path component'
  if (name.endsWith('.')) return "ends with '.'"
  for (const part of name.split('/')) {
    if (part.startsWith('.')) return "has a component starting with '.'"
    if (part.endsWith('.lock')) return "has a component ending with '.lock'"
  }
  return undefined
}
