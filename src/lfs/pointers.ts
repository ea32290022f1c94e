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
  const out = await git.readObjects(commits.map(c => `${c}:.gitattributes`))
  return /\bfilter=lfs\b/.test(out)
}

/**
 * The LFS objects the pointer files in these commits' history name, leaving out history the target
 * already has (`exclude`: its tips present in the work repository): their objects went with them.
 */
export async function lfsObjectsOf(git: Git, tips: string[], exclude: string[]): Promise<LfsObject[]> {
  if (tips.length === 0) return []
  const ids = await git.reachableObjects(tips, exclude)
  const small = (await git.objectInfo(ids))
    .filter(o => o.type === 'blob' && o.size < 1024 && o.size > 40)
    .map(o => o.id)
  if (small.length === 0) return []
  const blobs = await git.readObjects(small)
  const found = new Map<string, LfsObject>()
  for (const m of blobs.matchAll(POINTER)) found.set(m[1]!, { oid: m[1]!, size: Number(m[2]) })
  return [...found.values()].sort((a, b) => (a.oid < b.oid ? -1 : 1))
}
