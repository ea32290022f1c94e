import { apply } from '../apply.js'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { plannedWrite } from '../plan.js'
import type { PrunedBackup } from '../report/schema.js'
import { shortName } from '../refs/types.js'
import { stampTime, type Backup } from './list.js'

const DAY_MS = 24 * 60 * 60 * 1000

/**
 * Backups older than `days`, except the newest backup of each ref: that one is kept whatever its
 * age, so every ref the action ever overwrote can still be put back once.
 */
export function expiredBackups(backups: Backup[], now: Date, days: number): Backup[] {
  const newest = new Map<string, Backup>()
  for (const b of backups) {
    const n = newest.get(b.of)
    if (!n || b.stamp > n.stamp) newest.set(b.of, b)
  }
  const cutoff = now.getTime() - days * DAY_MS
  return backups.filter(b => newest.get(b.of) !== b && stampTime(b.stamp) < cutoff)
}

/**
 * Deletes expired backups, each with a lease on the id it was listed with (a backup rewritten
 * meanwhile stays). In a dry run they are only listed.
 */
export async function pruneBackups(
  git: Git,
  target: Remote,
  expired: Backup[],
  dryRun: boolean,
  retries: number
): Promise<PrunedBackup[]> {
  if (dryRun || expired.length === 0)
    return expired.map(b => ({ ref: b.ref, sha: b.sha, of: b.of, result: 'planned' }))
  const deletes = expired.map(b =>
    plannedWrite({
      ref: b.ref,
      name: shortName(b.of),
      kind: b.of.startsWith('refs/tags/') ? 'tag' : 'branch',
      status: 'target-only',
      action: 'delete',
      sourceSha: null,
      targetBefore: b.sha,
      message: 'backup older than backup-retention-days'
    })
  )
  const outcomes = await apply(git, target, deletes, { retries })
  return expired.map(b => {
    const o = outcomes.get(b.ref)
    return o?.result === 'applied'
      ? { ref: b.ref, sha: b.sha, of: b.of, result: 'deleted' }
      : { ref: b.ref, sha: b.sha, of: b.of, result: 'failed', message: o?.message ?? 'no answer' }
  })
}
