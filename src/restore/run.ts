import * as core from '../runner.js'
import { listBackups } from '../backups/list.js'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import type { Options } from '../inputs.js'
import type { PlannedRef } from '../record.js'
import { fetchRefs } from '../refs/fetch.js'
import { selectRefs } from '../refs/select.js'
import type { RemoteRefs } from '../refs/types.js'
import { planRestore } from './plan.js'

/**
 * mode: restore. Selects, with the usual patterns, the refs that have backups on the target, plans
 * each one's way back, and fetches the tips the push needs (the chosen backups and the current
 * tips that get backed up). Nothing is read from the source.
 */
export async function restorePlan(
  git: Git,
  target: Remote,
  targetRefs: RemoteRefs,
  branches: string[],
  options: Options,
  now: Date,
  warnings: string[]
): Promise<PlannedRef[]> {
  const backups = await listBackups(git, target, options.backupRefPrefix, options.retries)
  core.info(`${backups.length} backup ref(s) under ${options.backupRefPrefix} in ${target.display}`)
  const backedUp: RemoteRefs = { refs: new Map(backups.map(b => [b.of, b.sha])) }
  const selection = selectRefs(backedUp, { refs: new Map() }, branches, options.tags)
  warnings.push(
    ...[...selection.warnings, ...selection.errors].map(w =>
      w.replace('in the source or target', 'with a backup')
    )
  )
  if (selection.refs.length === 0) warnings.push('no selected branch or tag has a backup: nothing to restore')
  const updates = planRestore(selection.refs, backups, targetRefs, {
    from: options.restoreFrom ?? 'latest',
    backupRefPrefix: options.backupRefPrefix,
    now
  })
  const needed = new Map<string, string>()
  for (const u of updates.filter(x => x.action === 'restore')) {
    needed.set(`${u.ref}@backup`, u.sourceSha!)
    if (u.targetBefore) needed.set(u.ref, u.targetBefore)
  }
  // Only the tips: the target holds their history, so the push sends no objects.
  if (needed.size > 0) await fetchRefs(git, target, [...needed], options.retries, { depth: 1 })
  for (const u of updates) if (u.action !== 'none') core.info(`${u.ref}: ${u.action} (${u.message})`)
  return updates
}
