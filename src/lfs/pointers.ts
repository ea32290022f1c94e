import type { Git } from '../git/git.js'

/** One Git LFS object as a pointer file names it. */
export interface LfsObject {
  oid: string
  size: number
}

// A pointer file is small text (the spec caps it at 1024 bytes) that starts exactly like this; in
// `cat-file --batch` output each one follows its object's header line.
const POINTER =
  /^[0-9a-f]{40,64} blob \d+\nversion https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:([0-9a-f]{64})\nsize (\d+)\n/gm

/** True when a root .gitattributes of any of these commits routes files through LFS (filter=lfs). */
export async function commitsUseLfs(git: Git, commits: string[]): Promise<boolean> {
  if (commits.length === 0) return false
  const out = await git.run(['cat-file', '--batch'], {
    input: commits.map(c => `${c}:.gitattributes`).join('\n') + '\n'
  })
  return /\bfilter=lfs\b/.test(out.stdout)
}

/**
 * The LFS objects the pointer files in these commits' history name, leaving out history the target
 * already has (`exclude`: its tips present in the work repository): their objects went with them.
 */
export async function lfsObjectsOf(git: Git, tips: string[], exclude: string[]): Promise<LfsObject[]> {
  if (tips.length === 0) return []
  const revs = await git.run(['rev-list', '--objects', '--no-object-names', '--stdin'], {
    input: [...tips, ...exclude.map(e => `^${e}`)].join('\n') + '\n'
  })
  const ids = revs.stdout.split('\n').filter(Boolean)
  if (ids.length === 0) return []
  const sizes = await git.run(['cat-file', '--batch-check=%(objectname) %(objecttype) %(objectsize)'], {
    input: ids.join('\n') + '\n'
  })
  const small = sizes.stdout
    .split('\n')
    .map(l => l.split(' '))
    .filter(([, type, size]) => type === 'blob' && Number(size) < 1024 && Number(size) > 40)
    .map(([id]) => id!)
  if (small.length === 0) return []
  const blobs = await git.run(['cat-file', '--batch'], { input: small.join('\n') + '\n' })
  const found = new Map<string, LfsObject>()
  for (const m of blobs.stdout.matchAll(POINTER)) found.set(m[1]!, { oid: m[1]!, size: Number(m[2]) })
  return [...found.values()].sort((a, b) => (a.oid < b.oid ? -1 : 1))
}
