import * as core from '../runner.js'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import type { Options } from '../inputs.js'
import type { PrunedBackup } from '../report/schema.js'
import { listBackups } from './list.js'
import { expiredBackups, pruneBackups } from './retention.js'

/**
 * backup-retention-days, at the end of a run: lists the target's backups afresh (this run's own
 * are among them, and are the newest of their refs) and deletes the expired ones.
 */
export async function retainBackups(
  git: Git,
  target: Remote,
  options: Options,
  now: Date
): Promise<PrunedBackup[]> {
  const backups = await listBackups(git, target, options.backupRefPrefix, options.retries)
  const expired = expiredBackups(backups, now, options.backupRetentionDays!)
  core.info(
    `${backups.length} backup ref(s); ${expired.length} older than ${options.backupRetentionDays} day(s) and not the newest of their ref`
  )
  return pruneBackups(git, target, expired, options.dryRun, options.retries)
}
