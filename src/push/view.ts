import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'

/** The name the push view gives the target, so git can read each ref's lease from a tracking ref. */
export const TARGET_REMOTE = 'mirror-target'
const PUSH_NS = 'refs/mirror-push/'
const LEASE_NS = 'refs/mirror-lease/'

/** One ref the push should leave at `want` ('' = delete), if it still holds `expect` ('' = absent). */
export interface Write {
  ref: string
  want: string
  expect: string
}

/** What one `git push` does: writes, with or without leases, deleting by pruning. */
export interface PushSpec {
  writes: Write[]
  /** Every ref gets a lease: it must hold `expect` (or be absent when that is ''). */
  leased: boolean
  /**
   * Deletes go through `--prune`: the view holds every other target ref of the namespace at its
   * known value (a no-op), so only the refs missing from it are deleted, each under its lease.
   */
  known?: Map<string, string>
}

/** refs/heads/x → heads; the namespace a pattern refspec covers. */
const namespace = (ref: string) => ref.split('/')[1]!
const inView = (ns: string, ref: string) => ns + ref.slice('refs/'.length)

/** Names the target in the view's config, with a fetch refspec that maps each ref to its lease. */
export async function configureView(view: Git, target: Remote): Promise<void> {
  await view.run(['config', `remote.${TARGET_REMOTE}.url`, target.url])
  await view.run(['config', `remote.${TARGET_REMOTE}.fetch`, `+refs/*:${LEASE_NS}*`])
}

/**
 * Lays out the view's refs for one push and returns git's arguments. Refs travel as refs of the view
 * and pattern refspecs (`refs/mirror-push/heads/*:refs/heads/*`), never one refspec or lease per
 * ref on the command line: that fits any OS argument limit, and git matches patterns through a
 * sorted index, while every explicit refspec and `--force-with-lease=<ref>:<id>` is compared with
 * every ref the target advertises (quadratic: minutes for thousands of refs). Explicit leases
 * become tracking refs that `--force-with-lease` reads, one lookup per ref.
 */
export function layoutPush(view: Git, spec: PushSpec): string[] {
  const dir = view.gitDir
  rmSync(path.join(dir, 'refs/mirror-push'), { recursive: true, force: true })
  rmSync(path.join(dir, 'refs/mirror-lease'), { recursive: true, force: true })
  const packed = new Map<string, string>()
  const loose: [string, string][] = []
  const spaces = new Set(spec.writes.map(w => namespace(w.ref)))
  for (const w of spec.writes) {
    if (w.want) packed.set(inView(PUSH_NS, w.ref), w.want)
    // Loose, because git deletes or rewrites the tracking ref of every ref it updated, and
    // removing a packed ref rewrites the whole packed-refs file each time.
    if (spec.leased && w.expect) loose.push([inView(LEASE_NS, w.ref), w.expect])
  }
  if (spec.known) {
    const written = new Set(spec.writes.map(w => w.ref))
    for (const [ref, id] of spec.known)
      if (spaces.has(namespace(ref)) && !written.has(ref)) {
        packed.set(inView(PUSH_NS, ref), id)
        packed.set(inView(LEASE_NS, ref), id)
      }
  }
  const names = [...packed.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  writeFileSync(
    path.join(dir, 'packed-refs'),
    '# pack-refs with: sorted \n' + names.map(n => `${packed.get(n)} ${n}\n`).join('')
  )
  for (const [ref, id] of loose) {
    const file = path.join(dir, ref)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, id + '\n')
  }
  return [
    'push',
    '--porcelain',
    '--no-verify',
    ...(spec.leased ? ['--force-with-lease'] : []),
    ...(spec.known ? ['--prune'] : []),
    TARGET_REMOTE,
    ...[...spaces].sort().map(ns => `${PUSH_NS}${ns}/*:refs/${ns}/*`)
  ]
}
