import * as core from '../runner.js'
import { mkdirSync, rmSync } from 'node:fs'
import path from 'node:path'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { isWrite } from '../plan.js'
import type { PlannedRef } from '../record.js'
import type { RemoteRefs } from '../refs/types.js'
import { batch, download, lfsEndpoint, objectError, upload, LfsError } from './batch.js'
import { commitsUseLfs, lfsObjectsOf } from './pointers.js'

export type LfsMode = 'auto' | 'true' | 'false'

/** What the run did about LFS, for the log, the summary and the report. */
export interface LfsResult {
  mode: LfsMode
  /** LFS objects the pushed commits point to (history the target lacks). */
  objects: number
  /** Of those, how many the target's LFS store did not have. */
  missing: number
  /** How many this run copied, and their bytes. */
  copied: number
  bytes: number
}

export interface CopyLfsInput {
  git: Git
  source: Remote
  target: Remote
  updates: PlannedRef[]
  targetRefs: RemoteRefs
  mode: LfsMode
  /** A private directory of the run, for objects in transit. */
  workDir: string
}

/**
 * Copies the LFS objects the pushed commits need from the source's LFS store to the target's, before
 * any ref is pushed: a ref must never arrive with pointers whose content the target cannot serve.
 * Only objects the target lacks move (its batch API says which). With lfs: false nothing moves, but
 * the target is still asked, so the summary can say how many objects it is missing.
 */
export async function copyLfs(i: CopyLfsInput): Promise<LfsResult | undefined> {
  const tips = [
    ...new Set(
      i.updates.filter(u => isWrite(u) && u.action !== 'delete' && u.sourceSha).map(u => u.sourceSha!)
    )
  ]
  if (tips.length === 0) return undefined
  // auto and false look only where LFS is announced; true also finds pointers without .gitattributes.
  if (i.mode !== 'true' && !(await commitsUseLfs(i.git, tips))) return undefined
  const have = await i.git.presentObjects([...i.targetRefs.refs.values()])
  const objects = await lfsObjectsOf(i.git, tips, [...have])
  core.info(`LFS: the pushed commits point to ${objects.length} object(s) the target's history does not have`)
  const result: LfsResult = { mode: i.mode, objects: objects.length, missing: 0, copied: 0, bytes: 0 }
  if (objects.length === 0) return result
  if (i.source.local || i.target.local)
    throw new LfsError(
      'LFS objects cannot be copied to or from a local path: mirror LFS repositories between hosts, or set lfs: false',
      'disabled'
    )

  const where = `the target ${i.target.display}`
  const tgt = await lfsEndpoint(i.target, 'upload')
  const asked = await batch(tgt, 'upload', objects, where)
  for (const o of asked) if (o.error) throw objectError(o, where, 'upload')
  const wanted = asked.filter(o => o.actions?.upload)
  result.missing = wanted.length
  core.info(`LFS: the target lacks ${wanted.length} of them`)
  if (i.mode === 'false') {
    if (wanted.length > 0)
      core.warning(
        `lfs: false: ${wanted.length} LFS object(s) the pushed commits point to are missing on the target; set lfs: auto to copy them`
      )
    return result
  }
  if (wanted.length === 0) return result

  const from = `the source ${i.source.display}`
  const src = await lfsEndpoint(i.source, 'download')
  const offered = new Map((await batch(src, 'download', wanted, from)).map(o => [o.oid, o]))
  const dir = path.join(i.workDir, 'lfs-transit')
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  for (const obj of wanted) {
    const d = offered.get(obj.oid)
    if (!d?.actions?.download)
      throw objectError(d ?? { ...obj, error: { code: 404, message: '' } }, from, 'download')
    const file = path.join(dir, obj.oid)
    await download(src, d, file, from)
    await upload(tgt, obj, file, where)
    rmSync(file, { force: true })
    result.copied++
    result.bytes += obj.size
  }
  core.info(`LFS: copied ${result.copied} object(s), ${result.bytes} bytes`)
  return result
}
