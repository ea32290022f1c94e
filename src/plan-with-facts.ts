import * as core from './runner.js'
import type { Git } from './git/git.js'
import type { Remote } from './git/remote.js'
import { protectedBranches } from './github/repo.js'
import type { Options } from './inputs.js'
import {
  guardPrune,
  holdAmbiguousNames,
  holdNameConflicts,
  isWrite,
  markProtected,
  plan,
  proposeProtected
} from './plan.js'
import type { AnalysedRef, PlannedRef } from './record.js'
import type { RemoteRefs } from './refs/types.js'
import { refsTouchingWorkflows } from './refs/workflows.js'

/**
 * Gathers the facts the pure plan needs besides the analysis (which refs change workflows, which
 * branches the target protects), plans, and logs the plan. Warnings go into `warnings`; `guard` is
 * the error that fails the run when the mass-deletion guard held the prune back.
 */
export async function planWithFacts(
  git: Git,
  states: AnalysedRef[],
  targetRefs: RemoteRefs,
  target: Remote,
  options: Options,
  now: Date,
  warnings: string[]
): Promise<{ updates: PlannedRef[]; guard?: string }> {
  const touchesWorkflows = options.syncWorkflows
    ? undefined
    : await refsTouchingWorkflows(git, states, targetRefs)
  let updates = plan(states, {
    force: options.force,
    pullRequests: options.onConflict === 'pull-request',
    prune: options.prune,
    backupRefPrefix: options.backupRefPrefix,
    now,
    syncWorkflows: options.syncWorkflows,
    touchesWorkflows
  })
  const held = await holdBack(updates, targetRefs, target, options, warnings)
  updates = held.updates
  if (options.onConflict === 'pull-request') updates = proposeProtected(updates)
  logPlan(updates)
  return { updates, guard: held.guard }
}

/**
 * What every plan goes through before it is applied to one repository (`refs` is its listing,
 * `remote` the repository): the mass-deletion guard, then the names the repository cannot take,
 * then which writes its branch protection may refuse. `guard` is the error that fails the run when
 * the mass-deletion guard held the prune back.
 */
export async function holdBack(
  planned: PlannedRef[],
  refs: RemoteRefs,
  remote: Remote,
  options: Options,
  warnings: string[]
): Promise<{ updates: PlannedRef[]; guard?: string }> {
  // The guard first: a deletion it holds back no longer clears the way for a create.
  const guarded = guardPrune(planned, options.allowMassPrune)
  let updates = holdNameConflicts(guarded.updates, refs.refs.keys())
  updates = holdAmbiguousNames(updates, refs.refs.keys())
  const held = updates.filter(u => u.action === 'hold').length
  if (held)
    warnings.push(
      `${held} ref(s) held back: their update changes .github/workflows/ and sync-workflows is false`
    )
  // Checked in dry runs too, so the plan already says which writes a protection may refuse.
  if (updates.some(u => u.kind === 'branch' && isWrite(u) && u.targetBefore))
    updates = markProtected(updates, await protectedBranches(remote, options.apiUrl, options.retries))
  return { updates, guard: guarded.error }
}

/** One line per ref that needs something; thousands of up-to-date lines would cost more than the run. */
export function logPlan(updates: PlannedRef[]): void {
  for (const u of updates)
    if (u.action !== 'none')
      core.info(`${u.ref}: ${u.status} → ${u.action}${u.side ? ` (${u.side})` : ''} (${u.message})`)
  const unchanged = updates.filter(u => u.action === 'none').length
  if (unchanged > 0)
    core.info(`${unchanged} selected ref(s) need nothing (up to date, or kept target-only refs)`)
}
