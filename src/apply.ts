import * as core from '@actions/core'
import type { Git } from './git/git.js'
import { explainGitFailure, isProtectedBranchRefusal, isTransient, knownFailure } from './git/errors.js'
import type { Remote } from './git/remote.js'
import { backoffDelay, sleep, withRetries } from './git/retry.js'
import { isWrite, type RefUpdate } from './plan.js'
import { parseRefList } from './refs/remote.js'

export interface PushOutcome {
  result: 'applied' | 'rejected' | 'failed'
  /** The target's id after the run, as far as we know it ('' = deleted / absent). */
  targetAfter?: string
  message: string
  /** For an applied ref: how we know it landed, when that is not git's own answer. */
  note?: string
  /** GitHub said the branch is protected (GH006). */
  protectedBranch?: boolean
}

interface Write {
  ref: string
  refspec: string
  /** Expected current value for the lease; '' means the ref must not exist. */
  expect: string
  /** The value the ref has when the write landed; '' for a delete. */
  want: string
  /**
   * Creates and fast-forwards go without a lease: a lease that matches lets git force the update,
   * while a plain (unforced) push only ever fast-forwards a branch and never moves an existing tag,
   * so nothing can be lost even if the ref moved meanwhile. git also matches every lease against
   * every pushed ref (quadratic: 12 s extra for the 5,500 creates of a first mirror).
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

const LEASE_MESSAGE =
  'the target ref moved after analysis (another run or someone else pushed), so the lease refused the push; nothing was overwritten (run again to re-plan)'

/**
 * Why git refused a ref. `moved` says whether the target ref is no longer what analysis saw: then
 * it is the lease ("stale info" is git's own check; a ref that moved between the advertisement and
 * the update is refused by the server's compare-and-swap: "cannot lock ref", "failed to update ref").
 */
function rejection(
  ref: string,
  summary: string,
  moved: boolean | undefined,
  stderr: string,
  target: Remote
): Omit<PushOutcome, 'result'> {
  if (/stale info/.test(summary) || moved) return { message: LEASE_MESSAGE }
  if (/fetch first|non-fast-forward/.test(summary))
    return { message: 'rejected as a non-fast-forward; nothing was overwritten' }
  const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary
  // GitHub puts some reasons in the ref's status (workflow scope) and others only in `remote:`
  // lines under a generic "hook declined" status (GH006, GH001): look at both, but take a line
  // that names another ref (GH006 for refs/heads/x) only for that ref.
  const remote = /hook declined/.test(reason)
    ? remoteLines(stderr)
        .split('\n')
        .filter(l => !/^(error: )?GH0(06|13)/.test(l) || l.includes(ref))
        .join('\n')
    : ''
  const known = knownFailure(reason, target) ?? knownFailure(remote, target)
  return {
    message: `the target refused it: ${known ?? explainGitFailure('push', reason, target)}`,
    protectedBranch: isProtectedBranchRefusal(`${reason}\n${remote}`)
  }
}

function remoteLines(stderr: string): string {
  return stderr
    .split('\n')
    .filter(l => l.startsWith('remote:'))
    .map(l => l.slice('remote:'.length).trim())
    .join('\n')
}

/**
 * The target's current ids of exactly these refs ('' = absent), or undefined when it cannot be
 * read. Lists whole namespaces (refs/heads/*, refs/mirror-backup/*, …), not only heads and tags,
 * because backups live outside them.
 */
async function readRefs(
  git: Git,
  target: Remote,
  refs: string[],
  retries: number
): Promise<Map<string, string> | undefined> {
  const patterns = [...new Set(refs.map(r => `${r.split('/').slice(0, 2).join('/')}/*`))]
  try {
    const out = await withRetries(retries, `re-read ${target.display}`, () =>
      git.run(['ls-remote', '--', target.url, ...patterns], { remote: target })
    )
    const all = parseRefList(out.stdout)
    return new Map(refs.map(r => [r, all.get(r) ?? '']))
  } catch (err) {
    core.warning(`could not re-read ${target.display} after the push: ${(err as Error).message}`)
    return undefined
  }
}

/**
 * Pushes writes with one lease each, one `git push` for all of them. Whenever a ref is refused or
 * its answer is lost (the connection dropped, maybe after the remote updated it), the target is
 * re-read, so each ref is reported exactly as it stands there; only refs that provably did not
 * land and still hold the leased value are retried, so a retry never overwrites anything.
 */
async function pushWrites(
  git: Git,
  target: Remote,
  writes: Write[],
  retries: number
): Promise<Map<string, PushOutcome>> {
  const outcomes = new Map<string, PushOutcome>()
  let pending = writes
  for (let attempt = 0; pending.length > 0; attempt++) {
    const leases = pending.filter(w => !w.noLease).map(w => `--force-with-lease=${w.ref}:${w.expect}`)
    const result = await git.run(
      ['push', '--porcelain', '--no-verify', ...leases, '--', target.url, ...pending.map(w => w.refspec)],
      {
        remote: target,
        allowFailure: true
      }
    )
    const lines = parsePorcelain(result.stdout)
    const unsure: Write[] = []
    for (const w of pending) {
      const line = lines.get(w.ref)
      if (line && line.flag !== '!')
        outcomes.set(w.ref, {
          result: 'applied',
          targetAfter: w.want,
          message: line.summary.replace(/^\[|\]$/g, '')
        })
      else unsure.push(w)
    }
    if (unsure.length === 0) break
    const now = await readRefs(
      git,
      target,
      unsure.map(w => w.ref),
      retries
    )
    const error = explainGitFailure('push', result.stderr, target)
    const transient = isTransient(result.stderr)
    pending = []
    for (const w of unsure) {
      const line = lines.get(w.ref)
      const current = now?.get(w.ref)
      const moved = current === undefined ? undefined : current !== w.expect
      if (current === w.want) {
        // Landed: our push's answer was lost (curl may even have re-sent it, and that copy was
        // refused as stale), or a concurrent run wrote the very same id. Either way it is there.
        const how = line
          ? 'already there when this push arrived (a lost answer re-sent, or a concurrent run)'
          : 'the answer was lost'
        const note = `landed; ${how}; confirmed by re-reading the target`
        outcomes.set(w.ref, { result: 'applied', targetAfter: current, message: note, note })
      } else if (line) {
        outcomes.set(w.ref, {
          result: 'rejected',
          targetAfter: current,
          ...rejection(w.ref, line.summary, moved, result.stderr, target)
        })
      } else if (moved) {
        outcomes.set(w.ref, {
          result: 'rejected',
          targetAfter: current,
          message: `${error}; meanwhile ${LEASE_MESSAGE}`
        })
      } else if (transient && attempt < retries) {
        pending.push(w)
      } else {
        const gaveUp = transient && attempt > 0 ? `; gave up after ${attempt} retries` : ''
        outcomes.set(w.ref, { result: 'failed', targetAfter: current, message: error + gaveUp })
      }
    }
    if (pending.length > 0) {
      const delay = backoffDelay(attempt)
      core.warning(
        `push to ${target.display}: ${error}; retrying ${pending.length} ref(s) in ${delay} ms (${attempt + 1}/${retries})`
      )
      await sleep(delay)
    }
  }
  return outcomes
}

/**
 * Applies the plan: first the backups of every tip about to be overwritten or deleted (each must
 * land before its ref is touched), then all updates in one push, each with its own lease.
 */
export async function apply(
  git: Git,
  target: Remote,
  updates: RefUpdate[],
  retries: number
): Promise<Map<string, PushOutcome>> {
  const outcomes = new Map<string, PushOutcome>()
  const writes = updates.filter(isWrite)
  const backups = writes.filter(u => u.backupRef && u.targetSha)
  const backupOutcomes = await pushWrites(
    git,
    target,
    backups.map(u => ({
      ref: u.backupRef!,
      refspec: `${u.targetSha}:${u.backupRef}`,
      expect: '',
      want: u.targetSha!
    })),
    retries
  )
  const main: Write[] = []
  for (const u of writes) {
    // No overwrite without its backup: a missing answer counts as a failed backup. (A backup ref
    // that already held this very tip, saved by a concurrent run, is reported as applied.)
    const backup = u.backupRef ? backupOutcomes.get(u.backupRef) : undefined
    if (u.backupRef && backup?.result !== 'applied') {
      outcomes.set(u.ref, {
        result: 'failed',
        targetAfter: u.targetSha,
        message: `not touched: its backup ${u.backupRef} could not be written (${backup?.message ?? 'no answer'})`
      })
      continue
    }
    // Object ids, not local ref names: see pushView (git matches names quadratically). Never a '+'
    // refspec, not even for a forced update: '+' makes git skip the lease check (verified with git
    // 2.39: a '+' push overwrote a commit pushed after analysis). The lease alone allows a
    // non-fast-forward when, and only when, the ref still holds the expected id. Creates and
    // fast-forwards carry no lease, so git itself refuses anything but a fast-forward for them.
    const want = u.action === 'delete' ? '' : u.sourceSha!
    main.push({
      ref: u.ref,
      refspec: `${want}:${u.ref}`,
      expect: u.targetSha ?? '',
      want,
      noLease: u.action === 'create' || u.action === 'update'
    })
  }
  for (const [ref, o] of await pushWrites(git, target, main, retries)) outcomes.set(ref, o)
  return outcomes
}
