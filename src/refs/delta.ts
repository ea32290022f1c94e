import * as core from '../runner.js'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import type { Comparison } from './graph.js'
import { UploadPack } from './upload-pack.js'

/** What the delta is: the source ids to push, the target's commits, and target/source tip pairs. */
export interface Delta {
  /** Source ids of the differing refs (commits or annotated tags). */
  wants: string[]
  /** The target's commits held here (commits only): the source leaves out all they reach. */
  haves: string[]
  /** [target commit, source commit] of each differing ref that has both, for comparing their trees. */
  tips: [string, string][]
}

/** Folders nest at most this deep in practice; deeper changes go the complete way. */
const MAX_LEVELS = 64
/** More tree pairs than this to compare means a history too tangled for the delta: go complete. */
const MAX_PAIRS = 50_000
/** Rounds of fetching objects a push check found missing. */
const MAX_REPAIRS = 3

const hexIds = (text: string) => [...new Set(text.match(/\b[0-9a-f]{40}(?:[0-9a-f]{24})?\b/g) ?? [])]

/** Stores a received pack (a pack standing alone: no thin-pack was asked for). */
async function store(git: Git, pack: Buffer): Promise<void> {
  // 12 bytes of header hold the object count; an empty pack needs no index.
  if (pack.length >= 12 && pack.readUInt32BE(8) === 0) return
  await git.storePack(pack)
}

/**
 * A commit's root tree alone (no subtrees, no files). Deeper trees come one level per round, and
 * only along the changed paths: in a large repository the top levels of folders alone weigh more
 * than the delta (hundreds of kB against a few).
 */
const TOP_TREES = 'tree:1'

/** What the source was asked for before the windows settled: the delta, and the target tips' top trees. */
export interface EarlyDelta {
  session: UploadPack
  /** The target tips that arrived (commits with their top trees), and which of them lack parents here. */
  tips: string[]
  shallow: string[]
  /** quickCompare's walk of the new commits, for finishDelta to reuse. */
  log?: { input: string; stdout: string }
}

/**
 * Starts downloading exactly what the target lacks — the floor — while the windows learn the
 * history's shape: the source is told the target's tips (`haves`), so it sends the new objects and
 * nothing the target has, as a pack that stands alone (no thin pack: its bases are not here). In
 * the same breath come the top trees of the target's tips (`tips`), which a push reads to leave
 * out the files and folders of the new commits that did not change. undefined when the source is
 * not smart HTTP, does not serve partial fetches, or the request failed: the caller then fetches
 * the complete history.
 */
export async function startDelta(
  git: Git,
  remote: Remote,
  refs: { wants: string[]; haves: string[]; tips: string[] }
): Promise<EarlyDelta | undefined> {
  const session = await UploadPack.open(git, remote)
  if (!session) return undefined
  try {
    if (!session.filters) return session.close()
    const [delta, tops] = await session.fetchShallow([
      { wants: refs.wants, haves: refs.haves },
      ...(refs.tips.length > 0 ? [{ wants: refs.tips, filter: TOP_TREES, deepen: 1 }] : [])
    ])
    await Promise.all([store(git, delta!.pack), tops && store(git, tops.pack)])
    return { session, tips: tops ? refs.tips : [], shallow: tops?.shallow ?? [] }
  } catch (err) {
    core.info(`the delta could not be fetched alone (${(err as Error).message})`)
    return session.close()
  }
}

/** One differing ref as analysis sees it: its source id and, where it has one, its target id. */
export interface DifferingRef {
  ref: string
  source: string
  target?: string
  branch: boolean
}

/**
 * Settles the refs from the delta alone when it can, the common case of a mirror that is a few
 * commits behind: every new commit builds only on new commits and on the target tips that came
 * with startDelta. A branch whose new commits reach its own target tip and no other target commit
 * is a fast-forward by exactly the new commits it reaches; a new ref or tag needs no count. The
 * target tips are recorded as a shallow boundary (their history is in the target, not needed
 * here). undefined when any ref needs more history: the windows then learn its shape.
 */
export async function quickCompare(
  git: Git,
  early: EarlyDelta,
  refs: DifferingRef[]
): Promise<Map<string, Comparison> | undefined> {
  if (early.tips.length === 0 && refs.some(r => r.target && r.branch)) return undefined
  const tips = new Set(early.tips)
  git.addShallow(early.shallow)
  // Fails when a source tip is not here: the target has it already (not new), so it needs the windows.
  const wants = refs.map(r => r.source)
  const log = await git.deltaCommits(wants, early.tips)
  if (log === undefined) return undefined
  early.log = { input: revsKey(wants, early.tips), stdout: log }
  const parents = new Map<string, string[]>()
  for (const line of log.split('\n').filter(Boolean)) {
    const [mark, id, , ...ps] = line.split(' ')
    if (mark !== '-') parents.set(id!, ps.filter(Boolean))
  }
  for (const ps of parents.values()) if (ps.some(p => !parents.has(p) && !tips.has(p))) return undefined
  // Annotated tags point at their commit.
  const notCommits = refs.filter(r => !parents.has(r.source) && !tips.has(r.source)).map(r => r.source)
  const peel = await git.peeled(notCommits)
  const tipOf = refs.map(r => peel.get(r.source) ?? r.source)
  const counts = new Map<string, Comparison>()
  for (const [i, r] of refs.entries()) {
    if (!r.target) continue
    if (!r.branch) continue
    // The new commits this tip reaches, and the target commits they stand on.
    const seen = new Set<string>()
    const edges = new Set<string>()
    for (const stack = [tipOf[i]!]; stack.length > 0;) {
      const id = stack.pop()!
      if (!parents.has(id)) {
        edges.add(id)
        continue
      }
      if (seen.has(id)) continue
      seen.add(id)
      stack.push(...parents.get(id)!)
    }
    if (edges.size !== 1 || !edges.has(r.target)) return undefined
    counts.set(r.ref, { ahead: 0, behind: seen.size, exact: true })
  }
  return counts
}

/**
 * Completes what startDelta began, once the windows settled every ref: the trees along every
 * changed path that a push must read (git leaves out an unchanged file or folder of a new commit
 * only by finding it in a tree of the commits the target has), comparing each new commit with the
 * target commits it builds on, and each ref's target tip with its source tip — a few small trees
 * where the snapshot would be thousands, fetched one level per round below the top trees. Last,
 * the very object walk of the push runs here, and anything it still misses is fetched. False when
 * an object is still missing: the caller then fetches the complete history.
 */
export async function finishDelta(git: Git, early: EarlyDelta, delta: Delta): Promise<boolean> {
  try {
    return await fetchWith(git, early, delta)
  } catch (err) {
    core.info(`the delta could not be completed (${(err as Error).message})`)
    return false
  } finally {
    early.session.close()
  }
}

/** Which walk a `deltaCommits` answer belongs to. */
function revsKey(wants: string[], haves: string[]): string {
  return [...wants, ...haves.map(id => `^${id}`)].join(' ')
}

async function fetchWith(git: Git, early: EarlyDelta, delta: Delta): Promise<boolean> {
  const { session } = early
  const { wants, haves, tips } = delta
  const key = revsKey(wants, haves)
  const out = early.log?.input === key ? early.log.stdout : await git.deltaCommits(wants, haves)
  if (out === undefined) return false
  const treeOf = new Map<string, string>()
  const commits: [string, string[]][] = []
  for (const line of out.split('\n').filter(Boolean)) {
    const [mark, id, tree, ...parents] = line.split(' ')
    treeOf.set(id!, tree!)
    if (mark !== '-') commits.push([id!, parents.filter(Boolean)])
  }
  const others = [...new Set(tips.flat())].filter(id => !treeOf.has(id))
  for (const [id, tree] of await git.commitTrees(others)) treeOf.set(id, tree)
  // Each new commit against the target commits it builds on (their trees are what a push reads).
  const edgesOf = new Map<string, Set<string>>()
  const pairs = new Map<string, [string, string]>()
  const pair = (a: string | undefined, b: string | undefined) => {
    if (a && b && a !== b) pairs.set(`${a} ${b}`, [a, b])
  }
  for (let i = commits.length - 1; i >= 0; i--) {
    const [id, parents] = commits[i]!
    const from = new Set<string>()
    for (const p of parents) for (const e of edgesOf.get(p) ?? [p]) from.add(e)
    edgesOf.set(id, from)
    for (const e of from) pair(treeOf.get(e), treeOf.get(id))
    if (pairs.size > MAX_PAIRS) return false
  }
  for (const [t, s] of tips) pair(treeOf.get(t), treeOf.get(s))

  const level = [...pairs.values()]
  // Usually the top trees that came early already cover every changed path: one comparison of
  // all levels proves it. Otherwise the trees are fetched one level per round.
  if (level.length > 0) {
    const all = await git.diffTrees(level, { recursive: true })
    if (all === undefined && !(await levelByLevel(git, session, level))) return false
  }
  const attributes = [...new Set(wants.map(w => treeOf.get(w)))].filter(t => t !== undefined)
  const [lacking, walked] = await Promise.all([
    lackingAttributes(git, attributes),
    git.pushWalk(wants, haves)
  ])
  if (lacking.length > 0) await store(git, (await session.fetch([{ wants: lacking }]))[0]!)
  return walked.code === 0 || repairWalk(git, session, wants, haves, walked.stderr)
}

/** Fetches the trees of the pairs' changed paths, one level per round, each tree without its subtrees. */
async function levelByLevel(git: Git, session: UploadPack, first: [string, string][]): Promise<boolean> {
  const lacking = await missing(git, [...new Set(first.flat())])
  if (lacking.length > 0) await store(git, (await session.fetch([{ wants: lacking, filter: TOP_TREES }]))[0]!)
  let level = first
  for (let depth = 0; level.length > 0; depth++) {
    if (depth >= MAX_LEVELS) return false
    if (!(await have(git, session, [...new Set(level.flat())]))) return false
    const diff = await git.diffTrees(level)
    if (diff === undefined) return false
    const next = new Map<string, [string, string]>()
    for (const line of diff.split('\n')) {
      const m = /^:040000 040000 ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) /.exec(line)
      if (m) next.set(`${m[1]} ${m[2]}`, [m[1]!, m[2]!])
    }
    level = [...next.values()]
  }
  return true
}

async function missing(git: Git, ids: string[]): Promise<string[]> {
  const present = await git.presentObjects(ids)
  return ids.filter(id => !present.has(id))
}

/**
 * Makes these trees present, each without its subtrees. A tree that is also a subtree of another
 * one asked for may be left out (the filter drops it as a child first): asked for again alone.
 */
async function have(git: Git, session: UploadPack, trees: string[]): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const lacking = await missing(git, trees)
    if (lacking.length === 0) return true
    const [pack] = await session.fetch([{ wants: lacking, filter: 'tree:0' }])
    await store(git, pack!)
  }
  return (await missing(git, trees)).length === 0
}

/** The empty tree of each object format: every root's files are "added" against it. */
const EMPTY_TREE: Record<number, string> = {
  40: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  64: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321'
}

/**
 * The root .gitattributes of these trees that are not here: the Git LFS step reads them to know
 * whether a ref uses LFS, and when the file did not change, the delta does not carry it.
 */
async function lackingAttributes(git: Git, trees: string[]): Promise<string[]> {
  if (trees.length === 0) return []
  const diff = await git.diffTrees(
    trees.map(t => [EMPTY_TREE[t.length]!, t]),
    { path: '.gitattributes' }
  )
  if (diff === undefined) return []
  const blobs = [...diff.matchAll(/^:000000 \d+ 0+ ([0-9a-f]{40,64}) A\t/gm)].map(m => m[1]!)
  return blobs.length > 0 ? missing(git, [...new Set(blobs)]) : []
}

/**
 * Fetches what the push walk found missing — an object the source left out because the target has
 * it elsewhere (an empty file, a moved folder) — until the walk completes. True once it does.
 */
async function repairWalk(
  git: Git,
  session: UploadPack,
  wants: string[],
  haves: string[],
  stderr: string
): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_REPAIRS; attempt++) {
    const ids = hexIds(stderr)
    if (ids.length === 0) break
    await store(git, (await session.fetch([{ wants: ids }]))[0]!)
    const walk = await git.pushWalk(wants, haves)
    if (walk.code === 0) return true
    stderr = walk.stderr
  }
  core.info(`a push of the delta would still miss objects: ${stderr.trim()}`)
  return false
}
