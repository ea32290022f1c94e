/**
 * One `<id>TAB<ref>` line of `git ls-remote`, as [ref, id]. A ref name runs to the end of the line:
 * git allows any character but controls in it, Unicode whitespace such as U+2028 included, so
 * nothing narrower than "not a tab or newline" may be assumed.
 */
const REF_LINE = /^([0-9a-f]{40,64})\t([^\t\n]+)$/

/** Every ref of `git ls-remote` output (peeled `^{}` lines left out), name → id. */
export function parseRefList(stdout: string): Map<string, string> {
  const refs = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    const m = REF_LINE.exec(line)
    if (m && !m[2]!.endsWith('^{}')) refs.set(m[2]!, m[1]!)
  }
  return refs
}
