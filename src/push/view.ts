import type { Git, GitResult } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import type { ObjectId } from '../record.js'

/** The name the push view gives the target, so git can read each ref's lease from a tracking ref. */
export const TARGET_REMOTE = 'mirror-target'
const PUSH_NS = 'refs/mirror-push/'
const LEASE_NS = 'refs/mirror-lease/'

/** One ref the push should leave at `want` (null = delete), if it still holds `expect` (null = absent). */
export interface Write {
  ref: string
  want: ObjectId | null
  expect: ObjectId | null
}

/** What one `git push` does: writes, with or without leases. */
export interface PushSpec {
  writes: Write[]
  /** Every ref gets a lease: it must hold `expect` (or be absent when that is null). */
  leased: boolean
}

/** refs/heads/x → heads; the namespace a pattern refspec covers. */
const namespace = (ref: string) => ref.split('/')[1]!
const inView = (ns: string, ref: string) => ns + ref.slice('refs/'.length)

/** Names the target in the view's config, with a fetch refspec that maps each ref to its lease. */
export async function configureView(view: Git, target: Remote): Promise<void> {
  await view.setConfig(`remote.${TARGET_REMOTE}.url`, target.url)
  await view.setConfig(`remote.${TARGET_REMOTE}.fetch`, `+refs/*:${LEASE_NS}*`)
}

/**
 * Lays out the view's refs for one push and pushes. New tips travel as refs of the view and pattern
 * refspecs (`refs/mirror-push/heads/*:refs/heads/*`), never one refspec or lease per ref on the
 * command line: that fits any OS argument limit, and git matches patterns through a sorted index,
 * while every explicit refspec and `--force-with-lease=<ref>:<id>` is compared with every ref the
 * target advertises (quadratic: minutes for thousands of refs). Leases become tracking refs that
 * `--force-with-lease` reads, one lookup per ref. The refs are written through git, in one
 * transaction, so any ref backend works; git writes a ref only to an object the repository holds,
 * so a lease on a tip this run never fetched (another run's backup, a pull request's branch) is
 * given explicitly, as is each deletion (`:<ref>`): both are few.
 */
export async function pushLaidOut(view: Git, target: Remote, spec: PushSpec): Promise<GitResult> {
  const expected = spec.leased ? spec.writes.flatMap(w => (w.expect ? [w.expect] : [])) : []
  const present = await view.presentObjects([...new Set(expected)])
  const refs: [string, string][] = []
  const leases: [string, string][] = []
  const spaces = new Set<string>()
  const deletes: string[] = []
  for (const w of spec.writes) {
    if (w.want) {
      refs.push([inView(PUSH_NS, w.ref), w.want])
      spaces.add(namespace(w.ref))
    } else deletes.push(`:${w.ref}`)
    if (!spec.leased || !w.expect) continue
    if (present.has(w.expect)) refs.push([inView(LEASE_NS, w.ref), w.expect])
    else leases.push([w.ref, w.expect])
  }
  await view.replaceRefs([PUSH_NS, LEASE_NS], refs)
  return view.pushPatterns(target, {
    remoteName: TARGET_REMOTE,
    refspecs: [...[...spaces].sort().map(ns => `${PUSH_NS}${ns}/*:refs/${ns}/*`), ...deletes],
    leased: spec.leased,
    leases
  })
}
