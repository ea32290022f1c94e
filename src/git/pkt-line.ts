/** pkt-line framing: four hex digits of length (itself included), then the payload. */
function pkt(line: string): Buffer {
  const body = Buffer.from(line)
  return Buffer.concat([Buffer.from((body.length + 4).toString(16).padStart(4, '0')), body])
}
const FLUSH = Buffer.from('0000')
const DELIM = Buffer.from('0001')

/** A protocol v2 command: `command=<name>`, the object format when the server names one, arguments, flush. */
export function v2Command(name: string, capabilities: string[], args: string[]): Buffer {
  const format = capabilities.find(c => c.startsWith('object-format='))?.slice('object-format='.length)
  return Buffer.concat([
    pkt(`command=${name}\n`),
    pkt(`object-format=${format ?? 'sha1'}\n`),
    DELIM,
    ...args.map(a => pkt(a + '\n')),
    FLUSH
  ])
}

/**
 * The packets of a complete answer, from `at`: each payload, or the special packet's number (0 flush,
 * 1 delimiter, 2 response end). Stops at a length that is not four hex digits or runs past the end.
 */
export function* packets(buf: Buffer, at = 0): Generator<{ payload: Buffer | number; end: number }> {
  while (at + 4 <= buf.length) {
    const len = hexLength(buf, at)
    if (len < 0 || (len >= 4 && at + len > buf.length)) return
    const end = at + Math.max(len, 4)
    yield { payload: len < 4 ? len : buf.subarray(at + 4, end), end }
    at = end
  }
}

/** The four hex digits at `at` as a number, or -1 when they are not hex digits. */
export function hexLength(buf: Buffer, at: number): number {
  let n = 0
  for (let i = at; i < at + 4; i++) {
    const c = buf[i]!
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1
    if (d < 0) return -1
    n = n * 16 + d
  }
  return n
}
