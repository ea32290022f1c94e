import * as core from './runner.js'
import type { Git } from './git/git.js'
import { explainGitFailure, isTransient, knownFailure } from './git/errors.js'
import type { Remote } from './git/remote.js'
import { backoffDelay, sleep, withRetries } from './git/retry.js'
import { isWrite } from './plan.js'
import { classify, FIX, linesByRef, pushLimit, remoteLines } from './push/cause.js'
import { configureView, pushLaidOut, type Write } from './push/view.js'
import type { Outcome, PlannedRef } from './record.js'

export interface ApplyOptions {
  retries: number
  /** At most this many refs per push (the max-refs-per-push input); 0 or absent: no limit. */
  maxRefsPerPush?: number
  /** Where notes for the summary go (a push limit learned from the target). */
  warnings?: string[]
}

/** Parses `git push --porcelain` lines into destination ref → (flag, summary). */
function parsePorcelain(stdout: string): Map<string, { flag: string; summary: string }> {
  const out = new Map<string, { flag: string; summary: string }>()
  for (const line of stdout.split('\n')) {
    const m = /^([ +\-*!=])\t([^\t]*):([^\t]+)\t(.*)$/.exec(line)
    if (m) out.set(m[3]!, { flag: m[1]!, summary: m[4]! })
  }
  return out
}

const LEASE_MESSAGE =
  'the target ref moved after analysis (another run or someone else pushed), so the lease refused the push; nothing was overwritten (run again to re-plan)'

/** The most of the server's words quoted per ref: a hook may print pages. */
const MAX_DETAIL = 600

/**
 * Over HTTP, git hands each ref to its remote helper, which starts `send-pack` with one
 * `--force-with-lease=<ref>:<id>` argument per leased ref: a batch's names must stay well inside
 * the OS argument limit (ARG_MAX, 2 MiB on Linux, shared with the environment).
 */
const MAX_PUSH_BYTES = 256 * 1024
const PER_REF_BYTES = 100

/** A refusal the server gives every ref of a push alike, whichever ref caused it. */
const WHOLE_PUSH = /hook declined|unpacker error|rule violations|push declined/i

/**
 * Why git refused a ref, as a message and a cause carrying the server's own words. `moved` says
 * whether the target ref is no longer what analysis saw: then it is the lease ("stale info" is
 * git's own check; a ref that moved between the advertisement and the update is refused by the
 * server's compare-and-swap: "cannot lock ref", "failed to update ref").
 */
function rejection(
  ref: string,
  summary: string,
  moved: boolean | undefined,
  stderr: string,
  target: Remote
): Pick<Outcome, 'message' | 'cause'> {
  if (/stale info/.test(summary) || moved)
    return { message: LEASE_MESSAGE, cause: { kind: 'lease-moved', detail: summary } }
  if (/fetch first|non-fast-forward/.test(summary))
    return {
      message: 'rejected as a non-fast-forward; nothing was overwritten',
      cause: { kind: 'not-fast-forward', detail: summary }
    }
  const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary
  // GitHub puts some reasons in the ref's status (workflow scope) and others only in `remote:`
  // lines under a generic "hook declined" status (GH006, GH001): look at both, but take a line
  // that names another ref (GH006 for refs/heads/x) only for that ref.
  const remote = remoteLines(stderr)
    .filter(l => !/^(error: )?GH0(06|13)/.test(l) || l.includes(ref))
    .join('\n')
  const known = knownFailure(reason, target) ?? knownFailure(remote, target)
  const kind = classify(`${reason}\n${remote}`)
  const words = remote.replace(/\s*\n\s*/g, ' / ').slice(0, MAX_DETAIL)
  const fix = FIX[kind]
  return {
    message: [
      `the target refused it: ${known ?? explainGitFailure('push', reason, target)}`,
      // A workflow refusal's explanation already names the file's rule and the fix.
      words && kind !== 'workflow-permission' && `the target said: "${words}"`,
      !known && fix
    ]
      .filter(Boolean)
      .join('; '),
    cause: { kind, detail: (remote || reason).slice(0, MAX_DETAIL) }
  }
}

/**
 * The target's current ids of exactly these refs (null = absent), or undefined when it cannot be
 * read. Lists whole namespaces (refs/heads/*, refs/mirror-backup/*, …), not only heads and tags,
 * because backups live outside them.
 */
async function readRefs(
  git: Git,
  target: Remote,
  refs: string[],
  retries: number
): Promise<Map<string, string | null> | undefined> {
  const patterns = [...new Set(refs.map(r => `${r.split('/').slice(0, 2).join('/')}/*`))]
  try {
    const all = await withRetries(retries, `re-read ${target.display}`, () =>
      git.listRemoteRefs(target, patterns)
    )
    return new Map(refs.map(r => [r, all.get(r) ?? null]))
  } catch (err) {
    core.warning(`could not re-read ${target.display} after the push: ${(err as Error).message}`)
    return undefined
  }
}

/**
 * Pushes writes in batches through the push view (see pushLaidOut). A batch the target refuses as a
 * whole (a pre-receive hook, a ruleset, an fsck check: all-or-nothing per push) is split until each
 * refused ref stands alone with the server's own reason and every other ref has landed; a push
 * limit the target states is learned and the rest goes in batches of that size. Whenever a ref is
 * refused or its answer is lost (the connection dropped, maybe after the remote updated it), the
 * target is re-read, so each ref is reported exactly as it stands there; only refs that provably
 * did not land and still hold the leased value are retried, so a retry never overwrites anything.
 */
class Pusher {
  readonly outcomes = new Map<string, Outcome>()
  private limit: number

  constructor(
    private readonly view: Git,
    private readonly target: Remote,
    private readonly options: ApplyOptions
  ) {
    this.limit = options.maxRefsPerPush || Infinity
  }

  /** Pushes writes, leased or plain. */
  async push(writes: Write[], leased: boolean): Promise<void> {
    for (let i = 0; i < writes.length;) {
      let bytes = 0
      let end = i
      while (end < writes.length && end - i < this.limit && (end === i || bytes < MAX_PUSH_BYTES))
        bytes += writes[end++]!.ref.length + PER_REF_BYTES
      await this.pushBatch(writes.slice(i, end), leased)
      i = end
    }
  }

  /** Shares a push limit learned by another pusher of the same run. */
  adopt(other: Pusher): void {
    this.limit = Math.min(this.limit, other.limit)
  }

  private learnLimit(n: number): void {
    if (n >= this.limit) return
    this.limit = n
    this.options.warnings?.push(
      `the target refuses pushes that update more than ${n} branches or tags (its push policy), so this run pushed in batches of ${n}; set max-refs-per-push: ${n} to start that way`
    )
  }

  /** Splits a batch the target refused as a whole: refs its lines name go alone, the rest in halves. */
  private async isolate(batch: Write[], leased: boolean, stderr: string): Promise<void> {
    const named = linesByRef(
      stderr,
      batch.map(w => w.ref)
    )
    const suspects = batch.filter(w => named.has(w.ref))
    if (suspects.length > 0 && suspects.length < batch.length) {
      await this.push(
        batch.filter(w => !named.has(w.ref)),
        leased
      )
      // Each named ref is pushed alone, so its verdict is the server's own, not our reading of it.
      for (const w of suspects) await this.pushBatch([w], leased)
      return
    }
    const half = Math.ceil(batch.length / 2)
    await this.push(batch.slice(0, half), leased)
    await this.push(batch.slice(half), leased)
  }

  private async pushBatch(batch: Write[], leased: boolean): Promise<void> {
    const { view, target } = this
    const retries = this.options.retries
    let pending = batch
    for (let attempt = 0; pending.length > 0; attempt++) {
      const result = await pushLaidOut(view, target, { writes: pending, leased })
      const lines = parsePorcelain(result.stdout)
      const refusedAll = pending.every(w => lines.get(w.ref)?.flag === '!')
      const limit = pushLimit(result.stderr)
      if (refusedAll && limit !== undefined && pending.length > limit) {
        this.learnLimit(limit)
        return this.push(pending, leased)
      }
      if (refusedAll && pending.length > 1 && pending.every(w => WHOLE_PUSH.test(lines.get(w.ref)!.summary)))
        return this.isolate(pending, leased, result.stderr)

      const unsure: Write[] = []
      for (const w of pending) {
        const line = lines.get(w.ref)
        if (line && line.flag !== '!') {
          // git's own summary ("[new branch]", "forced update") says nothing the plan did not.
          this.outcomes.set(w.ref, { result: 'applied', targetAfter: w.want, cause: null, message: '' })
        } else unsure.push(w)
      }
      if (unsure.length === 0) break
      const now = await readRefs(
        view,
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
          this.outcomes.set(w.ref, { result: 'applied', targetAfter: current, cause: null, message: note })
        } else if (line) {
          this.outcomes.set(w.ref, {
            result: 'rejected',
            targetAfter: current ?? null,
            ...rejection(w.ref, line.summary, moved, result.stderr, target)
          })
        } else if (moved) {
          this.outcomes.set(w.ref, {
            result: 'rejected',
            targetAfter: current ?? null,
            message: `${error}; meanwhile ${LEASE_MESSAGE}`,
            cause: { kind: 'lease-moved', detail: error }
          })
        } else if (transient && attempt < retries) {
          pending.push(w)
        } else {
          const gaveUp = transient && attempt > 0 ? `; gave up after ${attempt} retries` : ''
          const words = remoteLines(result.stderr).join('\n').slice(0, MAX_DETAIL)
          this.outcomes.set(w.ref, {
            result: 'failed',
            targetAfter: current ?? null,
            message: error + gaveUp,
            cause: { kind: classify(result.stderr), detail: words || error }
          })
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
  }
}

/**
 * Applies the plan: first the backups of every tip about to be overwritten or deleted (each must
 * land before its ref is touched), then the deletions (so a pruned 'a' no longer blocks a new
 * 'a/b'), then the forced updates under their leases, then creates and fast-forwards.
 */
export async function apply(
  git: Git,
  target: Remote,
  updates: PlannedRef[],
  options: ApplyOptions
): Promise<Map<string, Outcome>> {
  const view = await git.pushView()
  await configureView(view, target)
  const outcomes = new Map<string, Outcome>()
  const writes = updates.filter(isWrite)
  const backups = new Pusher(view, target, options)
  await backups.push(
    writes
      .filter(u => u.backupRef && u.targetBefore)
      .map(u => ({ ref: u.backupRef!, want: u.targetBefore, expect: null })),
    // Unleased: a plain push creates the backup ref, or moves an existing one only forward
    // (keeping what it held in history), and a lease costs git a comparison with every target ref.
    false
  )
  // No overwrite without its backup: a missing answer counts as a failed backup. (A backup ref
  // that already held this very tip, saved by a concurrent run, is reported as applied.)
  const backedUp = (u: PlannedRef): boolean => {
    if (!u.backupRef) return true
    const backup = backups.outcomes.get(u.backupRef)
    if (backup?.result === 'applied') return true
    const why = backup?.message ?? 'no answer'
    outcomes.set(u.ref, {
      result: 'failed',
      targetAfter: u.targetBefore,
      message: `not touched: its backup ${u.backupRef} could not be written (${why})`,
      cause: { kind: 'backup-failed', detail: backup?.cause?.detail ?? why }
    })
    return false
  }
  const write = (u: PlannedRef): Write => ({
    ref: u.ref,
    want: u.action === 'delete' ? null : u.sourceSha,
    expect: u.targetBefore
  })
  const pusher = new Pusher(view, target, options)
  pusher.adopt(backups)
  await pusher.push(writes.filter(u => u.action === 'delete' && backedUp(u)).map(write), true)
  // A restore is a forced update to a backup's tip: the same lease on the current tip.
  await pusher.push(
    writes.filter(u => (u.action === 'force-update' || u.action === 'restore') && backedUp(u)).map(write),
    true
  )
  // Creates and fast-forwards go without a lease: a plain push only ever fast-forwards a branch
  // and never moves an existing tag, so nothing can be lost even if the ref moved meanwhile.
  await pusher.push(writes.filter(u => u.action === 'create' || u.action === 'update').map(write), false)
  for (const [ref, o] of pusher.outcomes) outcomes.set(ref, o)
  return outcomes
}
