import { AsyncLocalStorage } from 'node:async_hooks'

/** Which pair the code running now belongs to, so its log lines are told apart under concurrency. */
const current = new AsyncLocalStorage<number>()
export const inPair = <T>(index: number, fn: () => Promise<T>): Promise<T> => current.run(index, fn)

interface PairLine {
  label: string
  phase: string
  done?: string
}

/**
 * Sends every whole line written to process.stdout to `onLine` instead (the engine logs through
 * src/runner.ts, which writes there); returns the function that puts process.stdout back.
 */
export function captureStdoutLines(onLine: (line: string) => void): () => void {
  const original = process.stdout.write.bind(process.stdout)
  let pending = ''
  process.stdout.write = (chunk: unknown, ...rest: unknown[]): boolean => {
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')
    const lines = pending.split('\n')
    pending = lines.pop()!
    for (const line of lines) onLine(line.replace(/\r$/, ''))
    const cb = rest.find(r => typeof r === 'function') as (() => void) | undefined
    cb?.()
    return true
  }
  return () => {
    process.stdout.write = original
  }
}

/**
 * What the user sees. The engine logs through src/runner.ts, which speaks the runner's workflow
 * commands on stdout (`::group::`, `::warning::`, `::add-mask::<secret>`…). Outside a runner those
 * lines are translated here: a group is a pair's phase, a warning is shown, and every other command
 * is dropped — `add-mask` carries the very secret it would hide. On a terminal the running pairs
 * are one redrawn line each; in a pipe every event is one plain line.
 */
export class Progress {
  private readonly pairs: PairLine[] = []
  private readonly running = new Set<number>()
  private drawn = 0
  private finished = 0
  private restore?: () => void
  readonly warnings = new Map<number, string[]>()

  constructor(
    private out: (s: string) => void,
    private readonly tty: boolean,
    private readonly verbose: boolean
  ) {}

  /** Takes over process.stdout for the engine's lines until release(). */
  capture(): void {
    this.restore = captureStdoutLines(line => this.engineLine(line))
  }

  release(): void {
    this.clear()
    this.restore?.()
  }

  /** A line the engine wrote for pair `index` (a worker's, or this process's own under inPair). */
  engineLine(line: string, index = current.getStore()): void {
    const m = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    if (index === undefined) {
      if (!m && this.verbose) this.print(line)
      return
    }
    const pair = this.pairs[index]
    if (!pair) return
    if (!m) {
      if (this.verbose) this.print(`${pair.label}: ${line}`)
      return
    }
    const [, command, message] = m as unknown as [string, string, string]
    const text = message.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')
    if (command === 'group') this.phase(index, text)
    else if (command === 'warning' || command === 'error') {
      this.warnings.set(index, [...(this.warnings.get(index) ?? []), text])
      if (this.verbose || command === 'error') this.print(`${pair.label}: ${command}: ${text}`)
    }
  }

  add(label: string): number {
    return this.pairs.push({ label, phase: 'waiting' }) - 1
  }

  start(index: number): void {
    this.running.add(index)
    this.phase(index, 'starting')
  }

  phase(index: number, phase: string): void {
    const p = this.pairs[index]!
    p.phase = phase
    if (this.tty) this.redraw()
    else this.print(`${p.label}: ${phase}`)
  }

  finish(index: number, line: string): void {
    const p = this.pairs[index]!
    p.done = line
    this.running.delete(index)
    this.finished++
    this.print(`[${this.finished}/${this.pairs.length}] ${p.label}: ${line}`)
  }

  /** A line that stays (above the live lines on a terminal). */
  print(line: string): void {
    if (this.tty) {
      this.clear()
      this.out(line + '\n')
      this.redraw()
    } else this.out(line + '\n')
  }

  private clear(): void {
    if (!this.tty || this.drawn === 0) return
    this.out(`\x1b[${this.drawn}A\x1b[J`)
    this.drawn = 0
  }

  private redraw(): void {
    this.clear()
    const lines = [...this.running].map(i => `  … ${this.pairs[i]!.label}: ${this.pairs[i]!.phase}`)
    if (lines.length) {
      const width = process.stdout.columns || 100
      this.out(lines.map(l => (l.length > width - 1 ? l.slice(0, width - 2) + '…' : l)).join('\n') + '\n')
      this.drawn = lines.length
    }
  }
}
