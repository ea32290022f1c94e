import type { Git } from '../git/git.js'

/** Counts of commits each side lacks; `exact` is false when the local history is too shallow to tell. */
export interface Comparison {
  ahead: number
  behind: number
  exact: boolean
}

/** A min-heap of topological positions: lower positions are descendants of higher ones. */
class Heap {
  private a: number[] = []
  get size() {
    return this.a.length
  }
  push(x: number) {
    const a = this.a
    a.push(x)
    for (let i = a.length - 1; i > 0;) {
      const p = (i - 1) >> 1
      if (a[p]! <= x) break
      a[i] = a[p]!
      a[p] = x
      i = p
    }
  }
  pop(): number {
    const a = this.a
    const top = a[0]!
    const last = a.pop()!
    if (a.length > 0) {
      a[0] = last
      for (let i = 0; ;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < a.length && a[l]! < a[m]!) m = l
        if (r < a.length && a[r]! < a[m]!) m = r
        if (m === i) break
        ;[a[i], a[m]] = [a[m]!, a[i]!]
        i = m
      }
    }
    return top
  }
}

/**
 * The commit graph of the work repository, loaded with ONE `git rev-list` so that ahead/behind
 * and push-safety for hundreds of refs cost no process per ref. In a shallow repository the
 * graph is the grafted one (shallow commits have no parents), and every answer says whether the
 * missing history could have changed it.
 */
export class CommitGraph {
  private readonly pos = new Map<string, number>()
  private readonly parents: number[][] = []
  private readonly shallowAt: boolean[] = []

  private constructor(
    lines: string[],
    shallow: Set<string>,
    readonly isShallow: boolean
  ) {
    // `rev-list --topo-order` lists every commit before its parents: position order is a topological order.
    const split = lines.map(l => l.split(' '))
    split.forEach(([id], i) => this.pos.set(id!, i))
    for (const [id, ...ps] of split) {
      this.parents.push(ps.map(p => this.pos.get(p)).filter((p): p is number => p !== undefined))
      this.shallowAt.push(shallow.has(id!))
    }
  }

  /** The history of these tips (commit or tag ids the repository holds). */
  static async load(git: Git, tips: string[]): Promise<CommitGraph> {
    const shallow = git.shallowCommits()
    return new CommitGraph(await git.commitsWithParents(tips), shallow, shallow.size > 0)
  }

  has(id: string): boolean {
    return this.pos.has(id)
  }

  /**
   * Commits only `source` has (behind) and only `target` has (ahead), walking down from both
   * tips in topological order until every commit still queued is shared. The counts are exact
   * when no commit counted on one side is a shallow boundary (its missing parents could be on
   * either side) or, in a shallow repository, a root. A count can then only err upwards for a
   * commit shared through history the window lacks — so `ahead === 0` always proves a fast-forward.
   */
  compare(source: string, target: string): Comparison | undefined {
    const s = this.pos.get(source)
    const t = this.pos.get(target)
    if (s === undefined || t === undefined) return undefined
    const flags = new Map<number, number>()
    const heap = new Heap()
    let single = 0
    const mark = (at: number, f: number) => {
      const old = flags.get(at)
      if (old === undefined) {
        flags.set(at, f)
        heap.push(at)
        if (f !== 3) single++
      } else if ((old | f) !== old) {
        flags.set(at, old | f)
        if ((old | f) === 3) single--
      }
    }
    mark(s, 1)
    mark(t, 2)
    let ahead = 0
    let behind = 0
    let exact = true
    while (heap.size > 0 && single > 0) {
      const at = heap.pop()
      const f = flags.get(at)!
      if (f !== 3) {
        single--
        if (f === 1) behind++
        else ahead++
        if (this.shallowAt[at] || (this.isShallow && this.parents[at]!.length === 0)) exact = false
      }
      for (const p of this.parents[at]!) mark(p, f)
    }
    return { ahead, behind, exact }
  }

  /**
   * Which tips can be pushed to a remote holding `remoteTips`: pushing sends the commits
   * reachable from a tip but not from the remote's tips, and none of them may be a shallow
   * boundary — the remote would lack its parents ("shallow update not allowed"). A commit
   * reachable (here) from a remote tip is in the remote, whole history included.
   */
  pushable(tips: string[], remoteTips: string[]): Set<string> {
    const n = this.parents.length
    const inRemote = new Uint8Array(n)
    const stack = remoteTips.map(id => this.pos.get(id)).filter((p): p is number => p !== undefined)
    for (const p of stack) inRemote[p] = 1
    while (stack.length > 0) {
      for (const p of this.parents[stack.pop()!]!) {
        if (!inRemote[p]) {
          inRemote[p] = 1
          stack.push(p)
        }
      }
    }
    // Parents sit at higher positions, so walking positions downwards settles parents first.
    const unsafe = new Uint8Array(n)
    for (let i = n - 1; i >= 0; i--) {
      if (inRemote[i]) continue
      if (this.shallowAt[i] || this.parents[i]!.some(p => unsafe[p])) unsafe[i] = 1
    }
    const ok = new Set<string>()
    for (const id of tips) {
      const p = this.pos.get(id)
      if (p === undefined ? !this.isShallow : !unsafe[p]) ok.add(id)
    }
    return ok
  }
}
