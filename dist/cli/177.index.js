export const id = 177;
export const ids = [177];
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

/***/ 83177:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  restorePlan: () => (/* binding */ restorePlan)
});

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: ./src/backups/list.ts
var list = __webpack_require__(6579);
// EXTERNAL MODULE: ./src/refs/fetch.ts
var fetch = __webpack_require__(60490);
// EXTERNAL MODULE: ./src/refs/select.ts
var refs_select = __webpack_require__(40724);
// EXTERNAL MODULE: ./src/plan.ts
var plan = __webpack_require__(22464);
// EXTERNAL MODULE: ./src/refs/types.ts
var types = __webpack_require__(84563);
;// CONCATENATED MODULE: ./src/restore/plan.ts


/**
 * The backup a ref goes back to: its newest, or for a time T the earliest backup taken at or
 * after T   the tip that ref had just before T (a backup saves the tip a run replaced).
 */
function chooseBackup(backups, from) {
    if (from === 'latest')
        return backups.at(-1);
    return backups.find(b => b.stamp >= from);
}
/**
 * The restore as a plan like any other (pure): each selected ref with a backup goes back to it,
 * with a lease on its current tip, which is itself backed up first.
 */
function planRestore(selected, backups, targetRefs, o) {
    return selected.map(ref => {
        const current = targetRefs.refs.get(ref) ?? null;
        const chosen = chooseBackup(backups.filter(b => b.of === ref), o.from);
        const base = {
            ref,
            name: (0,types/* shortName */.EU)(ref),
            kind: (0,types/* kindOf */.I)(ref),
            status: 'restore',
            sourceSha: chosen?.sha ?? null,
            targetBefore: current
        };
        const when = o.from === 'latest' ? '' : ` taken at or after ${o.from}`;
        if (!chosen)
            return (0,plan/* plannedWrite */.W_)({ ...base, action: 'none', message: `no backup${when}; left as it is` });
        if (chosen.sha === current)
            return (0,plan/* plannedWrite */.W_)({ ...base, action: 'none', message: `already at its backup ${chosen.ref}` });
        const backupRef = current
            ? `${o.backupRefPrefix}${ref.slice('refs/'.length)}/${(0,plan/* backupStamp */.iB)(o.now)}`
            : null;
        return {
            ...(0,plan/* plannedWrite */.W_)({
                ...base,
                action: 'restore',
                message: `put back to its backup ${chosen.ref}${current ? `; the current tip saved as ${backupRef}` : ' (it had been deleted)'}`
            }),
            backupRef
        };
    });
}

;// CONCATENATED MODULE: ./src/restore/run.ts





/**
 * mode: restore. Selects, with the usual patterns, the refs that have backups on the target, plans
 * each one's way back, and fetches the tips the push needs (the chosen backups and the current
 * tips that get backed up). Nothing is read from the source.
 */
async function restorePlan(git, target, targetRefs, branches, options, now, warnings) {
    const backups = await (0,list/* listBackups */.Cw)(git, target, options.backupRefPrefix, options.retries);
    runner/* info */.pq(`${backups.length} backup ref(s) under ${options.backupRefPrefix} in ${target.display}`);
    const backedUp = { refs: new Map(backups.map(b => [b.of, b.sha])) };
    const selection = (0,refs_select/* selectRefs */.Xi)(backedUp, { refs: new Map() }, branches, options.tags);
    warnings.push(...[...selection.warnings, ...selection.errors].map(w => w.replace('in the source or target', 'with a backup')));
    if (selection.refs.length === 0)
        warnings.push('no selected branch or tag has a backup: nothing to restore');
    const updates = planRestore(selection.refs, backups, targetRefs, {
        from: options.restoreFrom ?? 'latest',
        backupRefPrefix: options.backupRefPrefix,
        now
    });
    const needed = new Map();
    for (const u of updates.filter(x => x.action === 'restore')) {
        needed.set(`${u.ref}@backup`, u.sourceSha);
        if (u.targetBefore)
            needed.set(u.ref, u.targetBefore);
    }
    // Only the tips: the target holds their history, so the push sends no objects.
    if (needed.size > 0)
        await (0,fetch/* fetchRefs */.BA)(git, target, [...needed], options.retries, { depth: 1 });
    for (const u of updates)
        if (u.action !== 'none')
            runner/* info */.pq(`${u.ref}: ${u.action} (${u.message})`);
    return updates;
}


/***/ })

};
