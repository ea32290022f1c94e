export const id = 956;
export const ids = [956];
export const modules = {

/***/ 81956:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  apply: () => (/* binding */ apply)
});

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: ./src/git/errors.ts
var errors = __webpack_require__(63341);
// EXTERNAL MODULE: ./src/git/retry.ts
var retry = __webpack_require__(5230);
// EXTERNAL MODULE: ./src/plan.ts
var plan = __webpack_require__(22464);
;// CONCATENATED MODULE: ./src/push/cause.ts
// Most specific first: GitHub wraps rulesets, protection and size checks in a pre-receive hook, so
// "hook declined" only means a plain hook once nothing more precise matched.
const KINDS = [
    [/Pushes can not update more than \d+ branches or tags/i, 'push-limit'],
    [/GH006|protected branch/i, 'protected'],
    [/refusing to allow an? .*workflow/i, 'workflow-permission'],
    [/GH001|exceeds GitHub's file size limit|pack exceeds maximum allowed size/i, 'too-large'],
    [/GH013|rule violations/i, 'ruleset'],
    [/unpacker error|fsck error|object [0-9a-f]{40,64}: \w+:|index-pack failed|fatal: fsck/i, 'fsck'],
    [/stale info/i, 'lease-moved'],
    [/non-fast-forward|fetch first/i, 'not-fast-forward'],
    [/already exists/i, 'tag-moved'],
    [/cannot lock ref|failed to update ref|there are still refs under|exists; cannot create/i, 'name-conflict'],
    [/hook declined/i, 'hook-declined'],
    [/shallow update not allowed/i, 'shallow-source'],
    [/Authentication failed|could not read Username|returned error: 40[13]|Permission to .* denied/i, 'auth'],
    [/Repository not found|returned error: 404|does not appear to be a git repository/i, 'not-found'],
    [/RPC failed|hung up|early EOF|Connection reset|curl \d+/i, 'transport']
];
/** Classifies a refusal from git's status for the ref and the server's own lines about it. */
function classify(text) {
    for (const [pattern, kind] of KINDS)
        if (pattern.test(text))
            return kind;
    return 'unknown';
}
/** What to do about a refused ref, by cause. */
const FIX = {
    'hook-declined': "the target's pre-receive hook refused this ref: change the ref so the hook accepts it, change the hook, or leave the ref out of branches/tags",
    ruleset: 'a repository ruleset on the target blocks this ref: add a bypass for this token or App, or leave the ref out of branches/tags',
    fsck: 'the target checks every object (receive.fsckObjects) and refused one this ref brings: repair that history in the source, or let the target accept it (receive.fsck.<id>=ignore)',
    'too-large': 'a file is over the limit: move it to Git LFS in the source',
    'name-conflict': "a ref of the target is in the way (a branch 'a' blocks 'a/b' and the reverse): set prune so the blocker is backed up and removed, or rename one of them",
    protected: 'the target protects this branch: let this token bypass the protection, or mirror it another way',
    'not-fast-forward': 'the target moved; nothing was overwritten: run again to re-plan',
    'tag-moved': 'the tag exists in the target: set force to overwrite it (with a backup)'
};
/** The server's `remote:` lines, without the prefix. */
function remoteLines(stderr) {
    return stderr
        .split('\n')
        .filter(l => l.startsWith('remote:'))
        .map(l => l.slice('remote:'.length).trim())
        .filter(Boolean);
}
/**
 * The server's words about each of these refs: a block of `remote:` lines starts at a line naming
 * one of them (GitHub: "GH013: Repository rule violations found for refs/heads/x.") and runs to
 * the next such line. Refs the server never names are absent.
 */
function linesByRef(stderr, refs) {
    const wanted = new Set(refs);
    const out = new Map();
    let current;
    for (const line of remoteLines(stderr)) {
        const named = /\b(refs\/\S+?)[.:,;]?(?:\s|$)/.exec(line)?.[1];
        if (named && wanted.has(named)) {
            current = out.get(named) ?? [];
            out.set(named, current);
        }
        current?.push(line);
    }
    return out;
}
/** GitHub's push policy: the number in "Pushes can not update more than N branches or tags". */
function pushLimit(stderr) {
    const m = /Pushes can not update more than (\d+) branches or tags/i.exec(stderr);
    return m ? Math.max(1, Number(m[1])) : undefined;
}

;// CONCATENATED MODULE: ./src/push/view.ts
/** The name the push view gives the target, so git can read each ref's lease from a tracking ref. */
const TARGET_REMOTE = 'mirror-target';
const PUSH_NS = 'refs/mirror-push/';
const LEASE_NS = 'refs/mirror-lease/';
/** refs/heads/x   heads; the namespace a pattern refspec covers. */
const namespace = (ref) => ref.split('/')[1];
const inView = (ns, ref) => ns + ref.slice('refs/'.length);
/** Names the target in the view's config, with a fetch refspec that maps each ref to its lease. */
async function configureView(view, target) {
    await view.setConfig(`remote.${TARGET_REMOTE}.url`, target.url);
    await view.setConfig(`remote.${TARGET_REMOTE}.fetch`, `+refs/*:${LEASE_NS}*`);
}
/**
 * Lays out the view's refs for one push and pushes. New tips travel as refs of the view and pattern
 * refspecs (`refs/mirror-push/heads/*:refs/heads/*`), never one refspec or lease per ref on the
 * command line: that fits any OS argument limit, and git matches patterns through a sorted index,
 * while every explicit refspec and `--force-with-lease=<ref>:<id>` is compared with every ref the
 * target advertises (quadratic: minutes for thousands of refs). Leases become tracking refs that
 * `--force-with-lease` reads, one lookup per ref. The refs are written through git, in one
 * transaction, so any ref backend works; git writes a ref only to an object the repository holds,
 * so a lease on a tip this run never fetched (another run's backup, a pull request's branch) is
 * given explicitly, as is each deletion (`:<ref>`): both are few.
 */
async function pushLaidOut(view, target, spec) {
    const expected = spec.leased ? spec.writes.flatMap(w => (w.expect ? [w.expect] : [])) : [];
    const present = await view.presentObjects([...new Set(expected)]);
    const refs = [];
    const leases = [];
    const spaces = new Set();
    const deletes = [];
    for (const w of spec.writes) {
        if (w.want) {
            refs.push([inView(PUSH_NS, w.ref), w.want]);
            spaces.add(namespace(w.ref));
        }
        else
            deletes.push(`:${w.ref}`);
        if (!spec.leased || !w.expect)
            continue;
        if (present.has(w.expect))
            refs.push([inView(LEASE_NS, w.ref), w.expect]);
        else
            leases.push([w.ref, w.expect]);
    }
    await view.replaceRefs([PUSH_NS, LEASE_NS], refs);
    return view.pushPatterns(target, {
        remoteName: TARGET_REMOTE,
        refspecs: [...[...spaces].sort().map(ns => `${PUSH_NS}${ns}/*:refs/${ns}/*`), ...deletes],
        leased: spec.leased,
        leases
    });
}

;// CONCATENATED MODULE: ./src/apply.ts






/** Parses `git push --porcelain` lines into destination ref   (flag, summary). */
function parsePorcelain(stdout) {
    const out = new Map();
    for (const line of stdout.split('\n')) {
        const m = /^([ +\-*!=])\t([^\t]*):([^\t]+)\t(.*)$/.exec(line);
        if (m)
            out.set(m[3], { flag: m[1], summary: m[4] });
    }
    return out;
}
const LEASE_MESSAGE = 'the target ref moved after analysis (another run or someone else pushed), so the lease refused the push; nothing was overwritten (run again to re-plan)';
/** The most of the server's words quoted per ref: a hook may print pages. */
const MAX_DETAIL = 600;
/**
 * Over HTTP, git hands each ref to its remote helper, which starts `send-pack` with one
 * `--force-with-lease=<ref>:<id>` argument per leased ref: a batch's names must stay well inside
 * the OS argument limit (ARG_MAX, 2 MiB on Linux, shared with the environment).
 */
const MAX_PUSH_BYTES = 256 * 1024;
const PER_REF_BYTES = 100;
/** A refusal the server gives every ref of a push alike, whichever ref caused it. */
const WHOLE_PUSH = /hook declined|unpacker error|rule violations|push declined/i;
/**
 * Why git refused a ref, as a message and a cause carrying the server's own words. `moved` says
 * whether the target ref is no longer what analysis saw: then it is the lease ("stale info" is
 * git's own check; a ref that moved between the advertisement and the update is refused by the
 * server's compare-and-swap: "cannot lock ref", "failed to update ref").
 */
function rejection(ref, summary, moved, stderr, target) {
    if (/stale info/.test(summary) || moved)
        return { message: LEASE_MESSAGE, cause: { kind: 'lease-moved', detail: summary } };
    if (/fetch first|non-fast-forward/.test(summary))
        return {
            message: 'rejected as a non-fast-forward; nothing was overwritten',
            cause: { kind: 'not-fast-forward', detail: summary }
        };
    const reason = /\((.*)\)\s*$/.exec(summary)?.[1] ?? summary;
    // GitHub puts some reasons in the ref's status (workflow scope) and others only in `remote:`
    // lines under a generic "hook declined" status (GH006, GH001): look at both, but take a line
    // that names another ref (GH006 for refs/heads/x) only for that ref.
    const remote = remoteLines(stderr)
        .filter(l => !/^(error: )?GH0(06|13)/.test(l) || l.includes(ref))
        .join('\n');
    const known = (0,errors/* knownFailure */.ql)(reason, target) ?? (0,errors/* knownFailure */.ql)(remote, target);
    const kind = classify(`${reason}\n${remote}`);
    const words = remote.replace(/\s*\n\s*/g, ' / ').slice(0, MAX_DETAIL);
    const fix = FIX[kind];
    return {
        message: [
            `the target refused it: ${known ?? (0,errors/* explainGitFailure */.ah)('push', reason, target)}`,
            // A workflow refusal's explanation already names the file's rule and the fix.
            words && kind !== 'workflow-permission' && `the target said: "${words}"`,
            !known && fix
        ]
            .filter(Boolean)
            .join('; '),
        cause: { kind, detail: (remote || reason).slice(0, MAX_DETAIL) }
    };
}
/**
 * The target's current ids of exactly these refs (null = absent), or undefined when it cannot be
 * read. Lists whole namespaces (refs/heads/*, refs/mirror-backup/*,  ), not only heads and tags,
 * because backups live outside them.
 */
async function readRefs(git, target, refs, retries) {
    const patterns = [...new Set(refs.map(r => `${r.split('/').slice(0, 2).join('/')}/*`))];
    try {
        const all = await (0,retry/* withRetries */.LH)(retries, `re-read ${target.display}`, () => git.listRemoteRefs(target, patterns));
        return new Map(refs.map(r => [r, all.get(r) ?? null]));
    }
    catch (err) {
        runner/* warning */.$e(`could not re-read ${target.display} after the push: ${err.message}`);
        return undefined;
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
    view;
    target;
    options;
    outcomes = new Map();
    limit;
    constructor(view, target, options) {
        this.view = view;
        this.target = target;
        this.options = options;
        this.limit = options.maxRefsPerPush || Infinity;
    }
    /** Pushes writes, leased or plain. */
    async push(writes, leased) {
        for (let i = 0; i < writes.length;) {
            let bytes = 0;
            let end = i;
            while (end < writes.length && end - i < this.limit && (end === i || bytes < MAX_PUSH_BYTES))
                bytes += writes[end++].ref.length + PER_REF_BYTES;
            await this.pushBatch(writes.slice(i, end), leased);
            i = end;
        }
    }
    /** Shares a push limit learned by another pusher of the same run. */
    adopt(other) {
        this.limit = Math.min(this.limit, other.limit);
    }
    learnLimit(n) {
        if (n >= this.limit)
            return;
        this.limit = n;
        this.options.warnings?.push(`the target refuses pushes that update more than ${n} branches or tags (its push policy), so this run pushed in batches of ${n}; set max-refs-per-push: ${n} to start that way`);
    }
    /** Splits a batch the target refused as a whole: refs its lines name go alone, the rest in halves. */
    async isolate(batch, leased, stderr) {
        const named = linesByRef(stderr, batch.map(w => w.ref));
        const suspects = batch.filter(w => named.has(w.ref));
        if (suspects.length > 0 && suspects.length < batch.length) {
            await this.push(batch.filter(w => !named.has(w.ref)), leased);
            // Each named ref is pushed alone, so its verdict is the server's own, not our reading of it.
            for (const w of suspects)
                await this.pushBatch([w], leased);
            return;
        }
        const half = Math.ceil(batch.length / 2);
        await this.push(batch.slice(0, half), leased);
        await this.push(batch.slice(half), leased);
    }
    async pushBatch(batch, leased) {
        const { view, target } = this;
        const retries = this.options.retries;
        let pending = batch;
        for (let attempt = 0; pending.length > 0; attempt++) {
            const result = await pushLaidOut(view, target, { writes: pending, leased });
            const lines = parsePorcelain(result.stdout);
            const refusedAll = pending.every(w => lines.get(w.ref)?.flag === '!');
            const limit = pushLimit(result.stderr);
            if (refusedAll && limit !== undefined && pending.length > limit) {
                this.learnLimit(limit);
                return this.push(pending, leased);
            }
            if (refusedAll && pending.length > 1 && pending.every(w => WHOLE_PUSH.test(lines.get(w.ref).summary)))
                return this.isolate(pending, leased, result.stderr);
            const unsure = [];
            for (const w of pending) {
                const line = lines.get(w.ref);
                if (line && line.flag !== '!') {
                    // git's own summary ("[new branch]", "forced update") says nothing the plan did not.
                    this.outcomes.set(w.ref, { result: 'applied', targetAfter: w.want, cause: null, message: '' });
                }
                else
                    unsure.push(w);
            }
            if (unsure.length === 0)
                break;
            const now = await readRefs(view, target, unsure.map(w => w.ref), retries);
            const error = (0,errors/* explainGitFailure */.ah)('push', result.stderr, target);
            const transient = (0,errors/* isTransient */.dg)(result.stderr);
            pending = [];
            for (const w of unsure) {
                const line = lines.get(w.ref);
                const current = now?.get(w.ref);
                const moved = current === undefined ? undefined : current !== w.expect;
                if (current === w.want) {
                    // Landed: our push's answer was lost (curl may even have re-sent it, and that copy was
                    // refused as stale), or a concurrent run wrote the very same id. Either way it is there.
                    const how = line
                        ? 'already there when this push arrived (a lost answer re-sent, or a concurrent run)'
                        : 'the answer was lost';
                    const note = `landed; ${how}; confirmed by re-reading the target`;
                    this.outcomes.set(w.ref, { result: 'applied', targetAfter: current, cause: null, message: note });
                }
                else if (line) {
                    this.outcomes.set(w.ref, {
                        result: 'rejected',
                        targetAfter: current ?? null,
                        ...rejection(w.ref, line.summary, moved, result.stderr, target)
                    });
                }
                else if (moved) {
                    this.outcomes.set(w.ref, {
                        result: 'rejected',
                        targetAfter: current ?? null,
                        message: `${error}; meanwhile ${LEASE_MESSAGE}`,
                        cause: { kind: 'lease-moved', detail: error }
                    });
                }
                else if (transient && attempt < retries) {
                    pending.push(w);
                }
                else {
                    const gaveUp = transient && attempt > 0 ? `; gave up after ${attempt} retries` : '';
                    const words = remoteLines(result.stderr).join('\n').slice(0, MAX_DETAIL);
                    this.outcomes.set(w.ref, {
                        result: 'failed',
                        targetAfter: current ?? null,
                        message: error + gaveUp,
                        cause: { kind: classify(result.stderr), detail: words || error }
                    });
                }
            }
            if (pending.length > 0) {
                const delay = (0,retry/* backoffDelay */.EY)(attempt);
                runner/* warning */.$e(`push to ${target.display}: ${error}; retrying ${pending.length} ref(s) in ${delay} ms (${attempt + 1}/${retries})`);
                await (0,retry/* sleep */.yy)(delay);
            }
        }
    }
}
/**
 * Applies the plan: first the backups of every tip about to be overwritten or deleted (each must
 * land before its ref is touched), then the deletions (so a pruned 'a' no longer blocks a new
 * 'a/b'), then the forced updates under their leases, then creates and fast-forwards.
 */
async function apply(git, target, updates, options) {
    const view = await git.pushView();
    await configureView(view, target);
    const outcomes = new Map();
    const writes = updates.filter(plan/* isWrite */.ao);
    const backups = new Pusher(view, target, options);
    await backups.push(writes
        .filter(u => u.backupRef && u.targetBefore)
        .map(u => ({ ref: u.backupRef, want: u.targetBefore, expect: null })), 
    // Unleased: a plain push creates the backup ref, or moves an existing one only forward
    // (keeping what it held in history), and a lease costs git a comparison with every target ref.
    false);
    // No overwrite without its backup: a missing answer counts as a failed backup. (A backup ref
    // that already held this very tip, saved by a concurrent run, is reported as applied.)
    const backedUp = (u) => {
        if (!u.backupRef)
            return true;
        const backup = backups.outcomes.get(u.backupRef);
        if (backup?.result === 'applied')
            return true;
        const why = backup?.message ?? 'no answer';
        outcomes.set(u.ref, {
            result: 'failed',
            targetAfter: u.targetBefore,
            message: `not touched: its backup ${u.backupRef} could not be written (${why})`,
            cause: { kind: 'backup-failed', detail: backup?.cause?.detail ?? why }
        });
        return false;
    };
    const write = (u) => ({
        ref: u.ref,
        want: u.action === 'delete' ? null : u.sourceSha,
        expect: u.targetBefore
    });
    const pusher = new Pusher(view, target, options);
    pusher.adopt(backups);
    await pusher.push(writes.filter(u => u.action === 'delete' && backedUp(u)).map(write), true);
    // A restore is a forced update to a backup's tip: the same lease on the current tip.
    await pusher.push(writes.filter(u => (u.action === 'force-update' || u.action === 'restore') && backedUp(u)).map(write), true);
    // Creates and fast-forwards go without a lease: a plain push only ever fast-forwards a branch
    // and never moves an existing tag, so nothing can be lost even if the ref moved meanwhile.
    await pusher.push(writes.filter(u => u.action === 'create' || u.action === 'update').map(write), false);
    for (const [ref, o] of pusher.outcomes)
        outcomes.set(ref, o);
    return outcomes;
}


/***/ })

};
