import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import path from 'node:path'
import { Git, GitError, keepFetchedPacks } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { withRetries } from '../git/retry.js'

export const SOURCE_NS = 'refs/mirror/source/'
export const TARGET_NS = 'refs/mirror/target/'

/** Where a remote ref is kept in the work repository, e.g. refs/mirror/source/heads/main. */
export function localRef(ns: string, ref: string): string {
  return ns + ref.slice('refs/'.length)
}

/**
 * How much history to fetch: `depth` commits from each tip (a shallow fetch, also used to deepen
 * refs fetched before), `unshallow` to complete a shallow repository, or everything (default).
 */
export interface FetchDepth {
  depth?: number
  unshallow?: boolean
  /**
   * Tell the server of no commit held here: needed when commits are held without their trees,
   * or it would leave out trees it believes are here ("remote did not send all necessary objects").
   */
  noHaves?: boolean
}

const FETCH = [
  'fetch',
  '--quiet',
  '--no-tags',
  '--no-write-fetch-head',
  '--no-recurse-submodules',
  '--no-auto-gc'
]

/** The name a commits-only fetch gives its remote: git filters only for a named promisor remote. */
const PROMISOR = 'mirror-promisor'

function movedWhileReading(remote: Remote) {
  return (err: Error): never => {
    const stderr = err instanceof GitError ? err.result.stderr : err.message
    if (/not our ref|unadvertised object/i.test(stderr))
      throw new Error(
        `${remote.display} changed while this run was reading it (a listed ref moved): run again`
      )
    throw err
  }
}

async function fetchInto(
  git: Git,
  remote: Remote,
  ns: string,
  refs: [ref: string, id: string][],
  retries: number,
  how: FetchDepth & { commitsOnly?: boolean }
): Promise<string> {
  if (refs.length === 0) return ''
  const wants = [...new Set(refs.map(([, id]) => id))].join('\n') + '\n'
  const depth = how.unshallow ? ['--unshallow'] : how.depth ? [`--depth=${how.depth}`] : []
  // The promisor remote exists for this one process only: no later command of the run may fetch
  // a missing object behind its back.
  const config: Record<string, string> = how.commitsOnly
    ? { [`remote.${PROMISOR}.url`]: remote.url, [`remote.${PROMISOR}.promisor`]: 'true' }
    : {}
  if (how.noHaves) config['fetch.negotiationAlgorithm'] = 'noop'
  const result = await withRetries(retries, `fetch from ${remote.display}`, () =>
    git.run(
      [
        ...FETCH,
        // A shallow source's own boundary is recorded, so analysis can tell it from a complete one.
        '--update-shallow',
        ...depth,
        ...(how.commitsOnly ? ['--filter=tree:0'] : []),
        '--stdin',
        '--',
        how.commitsOnly ? PROMISOR : remote.url
      ],
      { remote, input: wants, config }
    )
  )
    .catch(movedWhileReading(remote))
    .finally(async () => {
      // git records the filter in the repository's configuration: forget it, so that a missing
      // object stays an error here rather than a download.
      if (how.commitsOnly)
        await git.run(['config', '--remove-section', `remote.${PROMISOR}`], { allowFailure: true })
    })
  writeRefs(
    git,
    refs.map(([r, id]) => [localRef(ns, r), id])
  )
  return result.stderr
}

/**
 * Fetches the listed ids of these refs and records them under a private namespace of the work
 * repository. Wants are object ids, not ref names: git matches every named refspec against every
 * remote ref (minutes for thousands of refs), and the ids are exactly what analysis compared.
 */
export async function fetchRefs(
  git: Git,
  remote: Remote,
  ns: string,
  refs: [ref: string, id: string][],
  retries: number,
  how: FetchDepth = {}
): Promise<Map<string, string>> {
  await fetchInto(git, remote, ns, refs, retries, how)
  return new Map(refs)
}

/**
 * Like fetchRefs, but commits (and tags) only, without their trees and files: the shape of the
 * history, enough to compare refs. True when the trees were left out; false when the server does
 * not filter (then it sent them, and the work repository is complete as after fetchRefs).
 */
export async function fetchCommits(
  git: Git,
  remote: Remote,
  ns: string,
  refs: [ref: string, id: string][],
  retries: number,
  how: FetchDepth
): Promise<boolean> {
  const stderr = await fetchInto(git, remote, ns, refs, retries, { ...how, commitsOnly: true })
  return !/filtering not recognized/i.test(stderr)
}

/**
 * Completes the history of these ids in a repository whose commits came without their trees: a
 * fresh repository beside it fetches them whole and lends its objects (alternates), and the
 * shallow boundary goes, since the lent history reaches every root.
 */
export async function fetchComplete(git: Git, remote: Remote, ids: string[], retries: number): Promise<void> {
  const dir = path.join(git.gitDir, 'mirror-complete.git')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir)
  const full = new Git(dir)
  await full.run(['init', '--bare', '--quiet'])
  await keepFetchedPacks(full)
  await withRetries(retries, `fetch from ${remote.display}`, () =>
    full.run([...FETCH, '--update-shallow', '--stdin', '--', remote.url], {
      remote,
      input: [...new Set(ids)].join('\n') + '\n'
    })
  ).catch(movedWhileReading(remote))
  appendFileSync(path.join(git.gitDir, 'objects/info/alternates'), path.join(dir, 'objects') + '\n')
  // A source that is itself a shallow clone keeps its boundary, for analysis to refuse it.
  const shallow = path.join(dir, 'shallow')
  if (existsSync(shallow)) copyFileSync(shallow, path.join(git.gitDir, 'shallow'))
  else rmSync(path.join(git.gitDir, 'shallow'), { force: true })
}

/**
 * Records refs straight into packed-refs, as `git clone` does: one loose file per ref costs
 * seconds for thousands of refs. Safe because the work repository is private to this run and
 * never holds a loose ref (nothing else writes its refs).
 */
export function writeRefs(git: Git, refs: [name: string, id: string][]): void {
  const file = path.join(git.gitDir, 'packed-refs')
  const all = new Map<string, string>()
  if (existsSync(file))
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      // A name runs to the end of the line: it may hold Unicode whitespace (U+2028 and the like).
      const m = /^([0-9a-f]{40,64}) ([^\n]+)$/.exec(line)
      if (m) all.set(m[2]!, m[1]!)
    }
  for (const [name, id] of refs) all.set(name, id)
  const names = [...all.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  writeFileSync(
    file + '.new',
    '# pack-refs with: sorted \n' + names.map(n => `${all.get(n)} ${n}\n`).join('')
  )
  renameSync(file + '.new', file)
}

/** Which of these object ids the work repository already has, in one git process. */
export async function presentObjects(git: Git, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set()
  const out = await git.run(['cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    input: ids.join('\n') + '\n'
  })
  const present = new Set<string>()
  for (const line of out.stdout.split('\n')) {
    const [id, type] = line.split(' ')
    if (id && type && type !== 'missing') present.add(id)
  }
  return present
}

/**
 * A ref-less view of the work repository to push from: it borrows the objects (alternates) and
 * the shallow boundary, but has no refs. `git push` matches each refspec against every local ref
 * with all of its abbreviation rules, which is quadratic and takes minutes for thousands of refs;
 * with none, pushing object ids is linear.
 */
export async function pushView(git: Git): Promise<Git> {
  const dir = path.join(git.gitDir, 'mirror-push.git')
  const view = new Git(dir)
  if (!existsSync(dir)) {
    mkdirSync(dir)
    await view.run(['init', '--bare', '--quiet'])
    writeFileSync(path.join(dir, 'objects/info/alternates'), path.join(git.gitDir, 'objects') + '\n')
  }
  const shallow = path.join(git.gitDir, 'shallow')
  if (existsSync(shallow)) copyFileSync(shallow, path.join(dir, 'shallow'))
  else rmSync(path.join(dir, 'shallow'), { force: true })
  return view
}
