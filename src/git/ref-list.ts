const HEX_ID = /^[0-9a-f]{40,64}$/

/** Every ref of `git ls-remote` output that `keep` accepts (peeled `^{}` lines left out), name → id. */
export function parseRefList(
  stdout: string,
  keep: (ref: string) => unknown = () => true
): Map<string, string> {
  const refs = new Map<string, string>()
  // Line by line with indexOf: splitting 20,000 lines first would copy each one once more.
  let tab = -1
  for (let start = 0, end: number; start < stdout.length; start = end + 1) {
    end = stdout.indexOf('\n', start)
    if (end < 0) end = stdout.length
    // A tab found past an earlier line's end is searched for again only once that line is reached.
    if (tab < start) tab = stdout.indexOf('\t', start)
    if (tab < 0) break
    // One `<id>TAB<ref>` line. A ref name runs to the end of the line: git allows any character but
    // controls in it, Unicode whitespace such as U+2028 included, so nothing narrower than "not a
    // tab or newline" may be assumed.
    const idLength = tab - start
    if (tab > end || idLength < 40 || idLength > 64 || tab + 1 === end) continue
    const ref = stdout.slice(tab + 1, end)
    if (ref.includes('\t') || ref.endsWith('^{}') || !keep(ref)) continue
    const id = stdout.slice(start, tab)
    if (HEX_ID.test(id)) refs.set(ref, id)
  }
  return refs
}
