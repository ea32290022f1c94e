import * as core from '@actions/core'
import type { Git } from './git/git.js'
import { explainGitFailure, isTransient } from './git/errors.js'
import type { Remote } from './git/remote.js'
import { retryTiming } from './git/retry.js'
import type { RefUpdate } from './plan.js'
import { listRemote } from './refs/remote.js'

export interface PushOutcome {
  result: 'applied' | 'rejected' | 'failed'
  /** The target's id after the run, as far as we know it ('' = deleted / absent). */
  targetAfter?: string
  message: string
}

interface Write {
  ref: string
  refspec: string
  /** Expected current value for the lease; '' means the ref must not exist. */
  expect: string
  /** The value the ref has when the write landed; '' for a delete. */
  want: string
  /**
   * Creates go without a lease: git matches every lease against every remote ref (minutes for
   * thousands of creates), and git itself already refuses to overwrite a ref that appeared in
   * the meantime unless ours contains it (a fast-forward loses nothing; tags never move).
   */
  noLease?: boolean
}

/** Parses `git push --porcelain` lines into destination ref → (flag, summary). */
export function parsePorcelain(stdout: string): Map<string, { flag: string; summary: string }> {
  const out = new Map<string, { flag: string; summary: string }>()
  for (const line of stdout.split('\n')) {
    const m = /^([ +\-*!=])\t([^\t]*):([^\t]+)\t(.*)$/.exec(line)
    if (m) out.set(m[3]!, { flag: m[1]!, summary: m[4]! })
  }
  return out
}

function rejectionMessage(summary: string): string {
  if (/stale info/.test(summary))
    return 'the target ref moved after analysis, so the lease refused the push; nothing was overwritten (run again to re-plan)'
  if (/fetch first|non-fast-forward/.test(summary)) return 'rejected as a non-fast-forward; nothing was overwritten'
  const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary
  return `the target refused it: ${explainGitFailure('push', reason)}`
}

/**
 * Pushes writes with one lease each, one `git push` for all of them. A transient failure that
 * leaves no per-ref answer is retried only for the refs that did not land, after re-reading the
 * target, so a retry never reports a landed update as a lease failure.
 */
async function pushWrites(git: Git, target: Remote, writes: Write[], retries: number): Promise<Map<string, PushOutcome>> {
  const outcomes = new Map<string, PushOutcome>()
  let pending = writes
  for (let attempt = 0; pending.length > 0; attempt++) {
    const leases = pending.filter((w) => !w.noLease).map((w) => `--force-with-lease=${w.ref}:${w.expect}`)
    const result = await git.run(['push', '--porcelain', '--no-verify', ...leases, '--', target.url, ...pending.map((w) => w.refspec)], {
      remote: target,
      allowFailure: true
    })
    const lines = parsePorcelain(result.stdout)
    const unanswered: Write[] = []
    for (const w of pending) {
      const line = lines.get(w.ref)
      if (!line) unanswered.push(w)
      else if (line.flag === '!') outcomes.set(w.ref, { result: 'rejected', targetAfter: w.expect, message: rejectionMessage(line.summary) })
      else outcomes.set(w.ref, { result: 'applied', targetAfter: w.want, message: line.summary.replace(/^\[|\]$/g, '') })
    }
    if (unanswered.length === 0) break
    const error = explainGitFailure('push', result.stderr, target)
    // The connection may have dropped after the remote updated some refs: ask it what landed.
    const now = await listRemote(git, target, retries).catch(() => undefined)
    pending = []
    for (const w of unanswered) {
      const current = now?.refs.get(w.ref) ?? ''
      if (now && current === w.want) outcomes.set(w.ref, { result: 'applied', targetAfter: current, message: 'landed (confirmed by re-reading the target)' })
      else if (now && current !== w.expect) outcomes.set(w.ref, { result: 'failed', targetAfter: current, message: `${error}; the target ref has since moved, not retried` })
      else if (isTransient(result.stderr) && attempt < retries) pending.push(w)
      else outcomes.set(w.ref, { result: 'failed', targetAfter: now ? current : undefined, message: error })
    }
    if (pending.length > 0) {
      const delay = Math.min(retryTiming.capMs, retryTiming.baseMs * 2 ** attempt)
      core.warning(`push to ${target.display}: ${error}; retrying ${pending.length} ref(s) in ${delay} ms (${attempt + 1}/${retries})`)
      await new Promise((r) => setTimeout(r, delay))
    }
  }
  return outcomes
}

/**
 * Applies the plan: first the backups of every tip about to be overwritten or deleted (each must
 * land before its ref is touched), then all updates in one push, each with its own lease.
 */
export async function apply(git: Git, target: Remote, updates: RefUpdate[], retries: number): Promise<Map<string, PushOutcome>> {
  const outcomes = new Map<string, PushOutcome>()
  const writes = updates.filter((u) => ['create', 'update', 'force-update', 'delete'].includes(u.action))
  const backups = writes.filter((u) => u.backupRef && u.targetSha)
  const backupOutcomes = await pushWrites(
    git,
    target,
    backups.map((u) => ({ ref: u.backupRef!, refspec: `${u.targetSha}:${u.backupRef}`, expect: '', want: u.targetSha! })),
    retries
  )
  const main: Write[] = []
  for (const u of writes) {
    const backup = u.backupRef ? backupOutcomes.get(u.backupRef) : undefined
    if (backup && backup.result !== 'applied') {
      outcomes.set(u.ref, { result: 'failed', targetAfter: u.targetSha, message: `not touched: its backup ${u.backupRef} could not be written (${backup.message})` })
      continue
    }
    // Object ids, not local ref names: see pushView (git matches names quadratically).
    const src = u.action === 'delete' ? '' : u.sourceSha!
    const plus = u.action === 'force-update' ? '+' : ''
    main.push({ ref: u.ref, refspec: `${plus}${src}:${u.ref}`, expect: u.targetSha ?? '', want: u.action === 'delete' ? '' : u.sourceSha!, noLease: u.action === 'create' })
  }
  for (const [ref, o] of await pushWrites(git, target, main, retries)) outcomes.set(ref, o)
  return outcomes
}

