import { backupStamp, plannedWrite } from '../plan.js'
import type { PlannedRef } from '../record.js'
import type { Backup } from '../backups/list.js'
import { kindOf, shortName, type RemoteRefs } from '../refs/types.js'

export interface RestoreOptions {
  /** 'latest', or a stamp: each ref goes back to what it was just before that time. */
  from: string
  backupRefPrefix: string
  now: Date
}

/**
 * The backup a ref goes back to: its newest, or for a time T the earliest backup taken at or
 * after T — the tip that ref had just before T (a backup saves the tip a run replaced).
 */
export function chooseBackup(backups: Backup[], from: string): Backup | undefined {
  if (from === 'latest') return backups.at(-1)
  return backups.find(b => b.stamp >= from)
}

/**
 * The restore as a plan like any other (pure): each selected ref with a backup goes back to it,
 * with a lease on its current tip, which is itself backed up first.
 */
export function planRestore(
  selected: string[],
  backups: Backup[],
  targetRefs: RemoteRefs,
  o: RestoreOptions
): PlannedRef[] {
  return selected.map(ref => {
    const current = targetRefs.refs.get(ref) ?? null
    const chosen = chooseBackup(
      backups.filter(b => b.of === ref),
      o.from
    )
    const base = {
      ref,
      name: shortName(ref),
      kind: kindOf(ref)!,
      status: 'restore' as const,
      sourceSha: chosen?.sha ?? null,
      targetBefore: current
    }
    const when = o.from === 'latest' ? '' : ` taken at or after ${o.from}`
    if (!chosen) return plannedWrite({ ...base, action: 'none', message: `no backup${when}; left as it is` })
    if (chosen.sha === current)
      return plannedWrite({ ...base, action: 'none', message: `already at its backup ${chosen.ref}` })
    const backupRef = current
      ? `${o.backupRefPrefix}${ref.slice('refs/'.length)}/${backupStamp(o.now)}`
      : null
    return {
      ...plannedWrite({
        ...base,
        action: 'restore',
        message: `put back to its backup ${chosen.ref}${current ? `; the current tip saved as ${backupRef}` : ' (it had been deleted)'}`
      }),
      backupRef
    }
  })
}
