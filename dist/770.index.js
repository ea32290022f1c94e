export const id = 770;
export const ids = [770];
export const modules = {

/***/ 6579:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cw: () => (/* binding */ listBackups),
/* harmony export */   zH: () => (/* binding */ stampTime)
/* harmony export */ });
/* unused harmony export parseBackups */
/* harmony import */ var _git_retry_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(5230);

const STAMP = /^\d{8}T\d{6}Z$/;
/** Reads backup refs out of a listing; anything under the prefix that is not one is ignored. */
function parseBackups(refs, prefix) {
    const out = [];
    for (const [ref, sha] of refs) {
        if (!ref.startsWith(prefix))
            continue;
        const rest = ref.slice(prefix.length);
        const cut = rest.lastIndexOf('/');
        const stamp = rest.slice(cut + 1);
        const of = `refs/${rest.slice(0, cut)}`;
        if (cut < 0 || !STAMP.test(stamp) || !/^refs\/(heads|tags)\/./.test(of))
            continue;
        out.push({ ref, sha, of, stamp });
    }
    // Oldest first within each ref: the stamps sort as times.
    return out.sort((a, b) => a.of.localeCompare(b.of) || a.stamp.localeCompare(b.stamp));
}
/** The target's backup refs under the prefix (one ls-remote of that namespace only). */
async function listBackups(git, target, prefix, retries) {
    const refs = await (0,_git_retry_js__WEBPACK_IMPORTED_MODULE_0__/* .withRetries */ .LH)(retries, `list backups in ${target.display}`, () => git.listRemoteRefs(target, [`${prefix}*`]));
    return parseBackups(refs, prefix);
}
/** The time a stamp names. */
function stampTime(stamp) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
    const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
    return Date.UTC(y, mo - 1, d, h, mi, s);
}


/***/ }),

/***/ 82770:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  retainBackups: () => (/* binding */ retainBackups)
});

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: ./src/backups/list.ts
var list = __webpack_require__(6579);
// EXTERNAL MODULE: ./src/apply.ts + 2 modules
var apply = __webpack_require__(81956);
// EXTERNAL MODULE: ./src/plan.ts
var plan = __webpack_require__(22464);
// EXTERNAL MODULE: ./src/refs/types.ts
var types = __webpack_require__(84563);
;// CONCATENATED MODULE: ./src/backups/retention.ts




const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Backups older than `days`, except the newest backup of each ref: that one is kept whatever its
 * age, so every ref the action ever overwrote can still be put back once.
 */
function expiredBackups(backups, now, days) {
    const newest = new Map();
    for (const b of backups) {
        const n = newest.get(b.of);
        if (!n || b.stamp > n.stamp)
            newest.set(b.of, b);
    }
    const cutoff = now.getTime() - days * DAY_MS;
    return backups.filter(b => newest.get(b.of) !== b && (0,list/* stampTime */.zH)(b.stamp) < cutoff);
}
/**
 * Deletes expired backups, each with a lease on the id it was listed with (a backup rewritten
 * meanwhile stays). In a dry run they are only listed.
 */
async function pruneBackups(git, target, expired, dryRun, retries) {
    if (dryRun || expired.length === 0)
        return expired.map(b => ({ ref: b.ref, sha: b.sha, of: b.of, result: 'planned' }));
    const deletes = expired.map(b => (0,plan/* plannedWrite */.W_)({
        ref: b.ref,
        name: (0,types/* shortName */.EU)(b.of),
        kind: b.of.startsWith('refs/tags/') ? 'tag' : 'branch',
        status: 'target-only',
        action: 'delete',
        sourceSha: null,
        targetBefore: b.sha,
        message: 'backup older than backup-retention-days'
    }));
    const outcomes = await (0,apply.apply)(git, target, deletes, { retries });
    return expired.map(b => {
        const o = outcomes.get(b.ref);
        return o?.result === 'applied'
            ? { ref: b.ref, sha: b.sha, of: b.of, result: 'deleted' }
            : { ref: b.ref, sha: b.sha, of: b.of, result: 'failed', message: o?.message ?? 'no answer' };
    });
}

;// CONCATENATED MODULE: ./src/backups/run.ts



/**
 * backup-retention-days, at the end of a run: lists the target's backups afresh (this run's own
 * are among them, and are the newest of their refs) and deletes the expired ones.
 */
async function retainBackups(git, target, options, now) {
    const backups = await (0,list/* listBackups */.Cw)(git, target, options.backupRefPrefix, options.retries);
    const expired = expiredBackups(backups, now, options.backupRetentionDays);
    runner/* info */.pq(`${backups.length} backup ref(s); ${expired.length} older than ${options.backupRetentionDays} day(s) and not the newest of their ref`);
    return pruneBackups(git, target, expired, options.dryRun, options.retries);
}


/***/ })

};
