const HEX_ID = /^[0-9a-f]{40,64}$/

/** Every ref of `git ls-remote` output that `keep` accepts (peeled `^{}` lines left out), name → id. */
export function parseRefList(
  stdout: string,
  keep: (ref: string) => unknown = () => true
): Map<string, string> {
  const refs = new Map<string, string>()
  for (const line of stdout.split('\n')) {
    // One `<id>TAB<ref>` line. A ref name runs to the end of the line: git allows any character but
    // controls in it, Unicode whitespace such as U+2028 included, so nothing narrower than "not a
    // tab or newline" may be assumed.
    const tab = line.indexOf('\t')
    if (tab < 40 || tab > 64 || line.indexOf('\t', tab + 1) >= 0 || line.length === tab + 1) continue
    const id = line.slice(0, tab)
    const ref = line.slice(tab + 1)
    if (ref.endsWith('^{}') || !HEX_ID.test(id) || !keep(ref)) continue
    refs.set(ref, id)
  }
  return refs
}
