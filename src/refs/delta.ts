import * as core from '@actions/core'
import { readdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { presentObjects } from './fetch.js'
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
  await git.run(['index-pack', '--stdin'], { input: pack })
}

/**
 * Downloads exactly what the target lacks — the floor — into a work repository that holds the
 * history's commits without their trees. The source is told the target's commits (`haves`), so it
 * sends the new objects and nothing the target has. A push must still see, for each folder that
 * changed, the target's version of that folder: git leaves out an unchanged file or folder of a
 * new commit only by finding it in a tree of the commits the target has. So the trees along every
 * changed path are fetched one level per round (a tree without its subtrees), comparing each new
 * commit with the target commits it builds on, and each ref's target tip with its source tip —
 * a few small trees where the snapshot would be thousands. Last, the very object walk of the push
 * runs here, and anything it still misses is fetched. False when the delta cannot be had this
 * way (not smart HTTP, no partial fetch on the server, or an object still missing): the caller
 * then fetches the complete history.
 */
export async function fetchDelta(git: Git, remote: Remote, delta: Delta): Promise<boolean> {
  const session = await UploadPack.open(git, remote)
  if (!session) return false
  try {
    if (!session.filters) return false
    return await fetchWith(git, session, delta)
  } catch (err) {
    core.info(`the delta could not be fetched alone (${(err as Error).message})`)
    return false
  } finally {
    session.close()
  }
}

async function fetchWith(git: Git, session: UploadPack, delta: Delta): Promise<boolean> {
  const { wants, haves, tips } = delta
  const input = [...wants, ...haves.map(id => `^${id}`)].join('\n') + '\n'
  // New commits, children before parents, with their trees and parents.
  const log = await git.run(['log', '--topo-order', '--format=%H %T %P', '--stdin'], { input })
  const treeOf = new Map<string, string>()
  const commits: [string, string[]][] = []
  for (const line of log.stdout.split('\n').filter(Boolean)) {
    const [id, tree, ...parents] = line.split(' ')
    treeOf.set(id!, tree!)
    commits.push([id!, parents.filter(Boolean)])
  }
  const isNew = new Set(treeOf.keys())
  const edges = [...new Set(commits.flatMap(([, ps]) => ps))].filter(p => !isNew.has(p))
  const others = [...new Set([...edges, ...tips.flat(), ...wants])].filter(id => !treeOf.has(id))
  if (others.length > 0) {
    const out = await git.run(['log', '--no-walk', '--format=%H %T', '--stdin'], {
      input: others.join('\n') + '\n'
    })
    for (const line of out.stdout.split('\n').filter(Boolean)) {
      const [id, tree] = line.split(' ')
      treeOf.set(id!, tree!)
    }
  }
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

  // The delta, and in the same breath the root trees the pairs start from (all known already).
  const roots = [...new Set([...pairs.values()].flat())]
  const lacking = await missing(git, roots)
  const [pack, rootPack] = await session.fetch([
    { wants, haves },
    ...(lacking.length > 0 ? [{ wants: lacking, filter: 'tree:0' }] : [])
  ])
  await store(git, pack!)
  if (rootPack) await store(git, rootPack)

  let level = [...pairs.values()]
  for (let depth = 0; level.length > 0; depth++) {
    if (depth >= MAX_LEVELS) return false
    if (!(await have(git, session, [...new Set(level.flat())]))) return false
    const diff = await git.run(['diff-tree', '--stdin', '--abbrev=40'], {
      input: level.map(([a, b]) => `${a} ${b}`).join('\n') + '\n'
    })
    const next = new Map<string, [string, string]>()
    for (const line of diff.stdout.split('\n')) {
      const m = /^:040000 040000 ([0-9a-f]{40,64}) ([0-9a-f]{40,64}) /.exec(line)
      if (m) next.set(`${m[1]} ${m[2]}`, [m[1]!, m[2]!])
    }
    level = [...next.values()]
  }
  await rootAttributes(git, session, wants)
  return pushWalks(git, session, input)
}

async function missing(git: Git, ids: string[]): Promise<string[]> {
  const present = await presentObjects(git, ids)
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

/**
 * Each source tip's root .gitattributes, which the Git LFS step reads to know whether the ref
 * uses LFS: when the file did not change, the delta does not carry it.
 */
async function rootAttributes(git: Git, session: UploadPack, wants: string[]): Promise<void> {
  const out = await git.run(['log', '--no-walk', '--format=%T', '--stdin'], {
    input: wants.join('\n') + '\n'
  })
  const trees = [...new Set(out.stdout.split('\n').filter(Boolean))]
  const present = await presentObjects(git, trees)
  const empty = (await git.run(['mktree'], { input: '' })).stdout.trim()
  const diff = await git.run(['diff-tree', '--stdin', '--abbrev=40', '--', '.gitattributes'], {
    input: trees
      .filter(t => present.has(t))
      .map(t => `${empty} ${t}`)
      .join('\n')
  })
  const blobs = [...diff.stdout.matchAll(/^:000000 \d+ 0+ ([0-9a-f]{40,64}) A\t/gm)].map(m => m[1]!)
  const lacking = await missing(git, [...new Set(blobs)])
  if (lacking.length > 0) {
    const [pack] = await session.fetch([{ wants: lacking }])
    await store(git, pack!)
  }
}

/**
 * Runs the object walk a push of the wants will run (pack-objects over the new commits, leaving
 * out what the target's commits reach) and fetches whatever it finds missing — an object the
 * source left out because the target has it elsewhere (an empty file, a moved folder). True once
 * the walk completes.
 */
async function pushWalks(git: Git, session: UploadPack, input: string): Promise<boolean> {
  const prefix = path.join(git.gitDir, 'mirror-check')
  try {
    for (let attempt = 0; ; attempt++) {
      const walk = await git.run(['pack-objects', '--revs', '-q', '--window=0', prefix], {
        input,
        allowFailure: true
      })
      if (walk.code === 0) return true
      const ids = hexIds(walk.stderr)
      if (attempt >= MAX_REPAIRS || ids.length === 0) {
        core.info(`a push of the delta would still miss objects: ${walk.stderr.trim()}`)
        return false
      }
      const [pack] = await session.fetch([{ wants: ids }])
      await store(git, pack!)
    }
  } finally {
    for (const f of readdirSync(git.gitDir))
      if (f.startsWith('mirror-check')) rmSync(path.join(git.gitDir, f), { force: true })
  }
}
