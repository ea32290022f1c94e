export const id = 862;
export const ids = [862,174];
export const modules = {

/***/ 97174:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  copyLfs: () => (/* binding */ copyLfs)
});

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/plan.ts
var plan = __webpack_require__(22464);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(31421);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(77598);
// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(57075);
// EXTERNAL MODULE: external "node:stream/promises"
var promises_ = __webpack_require__(46466);
// EXTERNAL MODULE: ./src/git/secrets.ts
var secrets = __webpack_require__(93013);
;// CONCATENATED MODULE: ./src/lfs/batch.ts






/** A failure of the LFS API, already worded for the user; `kind` sorts it for the report. */
class LfsError extends Error {
    kind;
    constructor(message, kind) {
        super(message);
        this.kind = kind;
        this.name = 'LfsError';
    }
}
/** Server text is attacker-controlled: one line, printable, short, scrubbed. */
const quoteServer = (s) => (0,secrets/* scrub */._I)(s ?? '')
    .replace(/[^\x20-\x7e]+/g, ' ')
    .trim()
    .slice(0, 200);
/** git-lfs-authenticate over the remote's own SSH set-up: the host answers with the HTTPS endpoint and a header. */
async function sshEndpoint(remote, operation) {
    const ssh = remote.ssh;
    const a = ssh.address;
    const port = a.port ? ` -p ${a.port}` : '';
    const cmd = `${ssh.command}${port} ${a.user}@${a.host} "git-lfs-authenticate '${a.path}' ${operation}"`;
    const child = (0,external_node_child_process_.spawn)('sh', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += String(d)));
    child.stderr.on('data', d => (err += String(d)));
    const code = await new Promise(resolve => child.on('close', resolve));
    if (code !== 0)
        throw new LfsError(`${remote.display}: git-lfs-authenticate over SSH failed (${quoteServer(err.split('\n').filter(Boolean).pop()) || `exit ${code}`}): the host may not serve Git LFS over SSH; use its https URL with a token for LFS repositories`, 'auth');
    const answer = JSON.parse(out);
    if (!answer.href)
        throw new LfsError(`${remote.display}: git-lfs-authenticate gave no LFS URL`, 'transport');
    for (const v of Object.values(answer.header ?? {}))
        (0,secrets/* registerSecret */.cl)(v);
    return { url: answer.href.replace(/\/+$/, ''), headers: answer.header ?? {} };
}
/** The remote's LFS API (`<repo>.git/info/lfs`, as git-lfs derives it) and how to authenticate to it. */
async function lfsEndpoint(remote, operation) {
    if (remote.ssh)
        return sshEndpoint(remote, operation);
    const base = remote.url.replace(/\/+$/, '');
    const url = `${base.endsWith('.git') ? base : `${base}.git`}/info/lfs`;
    const headers = {};
    if (remote.token)
        headers.Authorization = (0,secrets/* basicAuthHeader */.mn)(remote.token, remote.username).replace(/^AUTHORIZATION: /, '');
    return { url, headers };
}
const LFS_JSON = 'application/vnd.git-lfs+json';
/** What an LFS API status means for this remote, as one line that names the fix. */
function statusError(status, body, where, operation) {
    let said;
    try {
        said = quoteServer(JSON.parse(body).message ?? body);
    }
    catch {
        // Not JSON (a proxy's or web server's page): its first words are still the best clue.
        said = quoteServer(body);
    }
    const quoted = said ? ` (the server said: ${said})` : '';
    if (/quota/i.test(said) || status === 507)
        return new LfsError(`${where}: its Git LFS storage or bandwidth quota is exceeded${quoted}: buy more LFS data or free some, then run again`, 'quota');
    if (status === 401)
        return new LfsError(`${where}: its LFS API refused the credentials (HTTP 401)${quoted}: check the token`, 'auth');
    if (status === 403)
        return new LfsError(`${where}: its LFS API denied ${operation} (HTTP 403)${quoted}: the token or key needs ${operation === 'upload' ? 'write' : 'read'} access`, 'auth');
    if (status === 404 || status === 501 || /disabled|not enabled/i.test(said))
        return new LfsError(`${where}: Git LFS is not enabled there (HTTP ${status})${quoted}: enable LFS for the repository, or set lfs: false`, 'disabled');
    if (status === 413)
        return new LfsError(`${where}: the LFS request was too large (HTTP 413)${quoted}`, 'too-large');
    return new LfsError(`${where}: the LFS API answered HTTP ${status}${quoted}`, 'transport');
}
/** Asks the batch API about objects (in chunks, as git-lfs does); throws on a refusal of the whole request. */
async function batch(endpoint, operation, objects, where) {
    const answers = [];
    for (let i = 0; i < objects.length; i += 100) {
        const chunk = objects.slice(i, i + 100);
        let res;
        try {
            res = await fetch(`${endpoint.url}/objects/batch`, {
                method: 'POST',
                headers: { ...endpoint.headers, Accept: LFS_JSON, 'Content-Type': LFS_JSON },
                body: JSON.stringify({ operation, transfers: ['basic'], objects: chunk, hash_algo: 'sha256' }),
                redirect: 'error'
            });
        }
        catch (err) {
            throw new LfsError(`${where}: cannot reach its LFS API (${quoteServer(err.message)})`, 'transport');
        }
        const body = await res.text();
        if (!res.ok)
            throw statusError(res.status, body, where, operation);
        answers.push(...(JSON.parse(body).objects ?? []));
    }
    return answers;
}
/** The headers for an action's href: its own, plus ours only when it points back at the same API host. */
function actionHeaders(endpoint, action) {
    const same = new URL(action.href).origin === new URL(endpoint.url).origin;
    for (const v of Object.values(action.header ?? {}))
        (0,secrets/* registerSecret */.cl)(v);
    return { ...(same ? endpoint.headers : {}), ...(action.header ?? {}) };
}
/** Downloads one object to `file`, checking its size and sha256 against the pointer. */
async function download(endpoint, obj, file, where) {
    const action = obj.actions.download;
    const res = await fetch(action.href, { headers: actionHeaders(endpoint, action) });
    if (!res.ok || !res.body)
        throw statusError(res.status, await res.text(), where, 'download');
    const hash = (0,external_node_crypto_.createHash)('sha256');
    let size = 0;
    const counted = external_node_stream_.Readable.fromWeb(res.body).on('data', (c) => {
        hash.update(c);
        size += c.length;
    });
    await (0,promises_.pipeline)(counted, (0,external_node_fs_.createWriteStream)(file, { mode: 0o600 }));
    if (size !== obj.size || hash.digest('hex') !== obj.oid)
        throw new LfsError(`${where}: LFS object ${obj.oid} arrived damaged (size or hash differs); run again`, 'transport');
}
/** Uploads one object from `file` with the basic transfer's PUT, then the verify call when the host asks for it. */
async function upload(endpoint, obj, file, where) {
    const action = obj.actions.upload;
    const res = await fetch(action.href, {
        method: 'PUT',
        headers: {
            ...actionHeaders(endpoint, action),
            'Content-Type': 'application/octet-stream',
            'Content-Length': String(obj.size)
        },
        body: external_node_stream_.Readable.toWeb((0,external_node_fs_.createReadStream)(file)),
        duplex: 'half'
    });
    if (!res.ok)
        throw statusError(res.status, await res.text(), where, 'upload');
    const verify = obj.actions?.verify;
    if (verify) {
        const v = await fetch(verify.href, {
            method: 'POST',
            headers: { ...actionHeaders(endpoint, verify), Accept: LFS_JSON, 'Content-Type': LFS_JSON },
            body: JSON.stringify({ oid: obj.oid, size: obj.size })
        });
        if (!v.ok)
            throw statusError(v.status, await v.text(), where, 'upload');
    }
}
/** Turns one object's error in a batch answer into the user's line. */
function objectError(obj, where, operation) {
    const said = quoteServer(obj.error?.message);
    const code = obj.error?.code ?? 0;
    if (operation === 'download' && code === 404)
        return new LfsError(`${where}: LFS object ${obj.oid} (${obj.size} bytes) is missing from the source's LFS store, so it cannot be copied`, 'not-found');
    if (code === 413 ||
        (code === 422 && /size|large|exceed|limit/i.test(said)) ||
        /too large|exceeds/i.test(said))
        return new LfsError(`${where}: LFS object ${obj.oid} (${obj.size} bytes) is over the host's size limit (the server said: ${said})`, 'too-large');
    if (/quota/i.test(said) || code === 507)
        return new LfsError(`${where}: LFS quota exceeded (the server said: ${said})`, 'quota');
    return new LfsError(`${where}: LFS ${operation} of ${obj.oid} refused (${code}: ${said})`, 'transport');
}

;// CONCATENATED MODULE: ./src/lfs/pointers.ts
// A pointer file is small text (the spec caps it at 1024 bytes) that starts exactly like this; in
// `cat-file --batch` output each one follows its object's header line.
const POINTER = /^[0-9a-f]{40,64} blob \d+\nversion https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:([0-9a-f]{64})\nsize (\d+)\n/gm;
/** True when a root .gitattributes of any of these commits routes files through LFS (filter=lfs). */
async function commitsUseLfs(git, commits) {
    if (commits.length === 0)
        return false;
    const out = await git.readObjects(commits.map(c => `${c}:.gitattributes`));
    return /\bfilter=lfs\b/.test(out);
}
/**
 * The LFS objects the pointer files in these commits' history name, leaving out history the target
 * already has (`exclude`: its tips present in the work repository): their objects went with them.
 */
async function lfsObjectsOf(git, tips, exclude) {
    if (tips.length === 0)
        return [];
    const ids = await git.reachableObjects(tips, exclude);
    const small = (await git.objectInfo(ids))
        .filter(o => o.type === 'blob' && o.size < 1024 && o.size > 40)
        .map(o => o.id);
    if (small.length === 0)
        return [];
    const blobs = await git.readObjects(small);
    const found = new Map();
    for (const m of blobs.matchAll(POINTER))
        found.set(m[1], { oid: m[1], size: Number(m[2]) });
    return [...found.values()].sort((a, b) => (a.oid < b.oid ? -1 : 1));
}

;// CONCATENATED MODULE: ./src/lfs/copy.ts






/**
 * Copies the LFS objects the pushed commits need from the source's LFS store to the target's, before
 * any ref is pushed: a ref must never arrive with pointers whose content the target cannot serve.
 * Only objects the target lacks move (its batch API says which). With lfs: false nothing moves, but
 * the target is still asked, so the summary can say how many objects it is missing.
 */
async function copyLfs(i) {
    const tips = [
        ...new Set(i.updates.filter(u => (0,plan/* isWrite */.ao)(u) && u.action !== 'delete' && u.sourceSha).map(u => u.sourceSha))
    ];
    if (tips.length === 0)
        return undefined;
    // auto and false look only where LFS is announced; true also finds pointers without .gitattributes.
    if (i.mode !== 'true' && !(await commitsUseLfs(i.git, tips)))
        return undefined;
    const have = await i.git.presentObjects([...i.targetRefs.refs.values()]);
    const objects = await lfsObjectsOf(i.git, tips, [...have]);
    runner/* info */.pq(`LFS: the pushed commits point to ${objects.length} object(s) the target's history does not have`);
    const result = { mode: i.mode, objects: objects.length, missing: 0, copied: 0, bytes: 0 };
    if (objects.length === 0)
        return result;
    if (i.source.local || i.target.local)
        throw new LfsError('LFS objects cannot be copied to or from a local path: mirror LFS repositories between hosts, or set lfs: false', 'disabled');
    const where = `the target ${i.target.display}`;
    const tgt = await lfsEndpoint(i.target, 'upload');
    const asked = await batch(tgt, 'upload', objects, where);
    for (const o of asked)
        if (o.error)
            throw objectError(o, where, 'upload');
    const wanted = asked.filter(o => o.actions?.upload);
    result.missing = wanted.length;
    runner/* info */.pq(`LFS: the target lacks ${wanted.length} of them`);
    if (i.mode === 'false') {
        if (wanted.length > 0)
            runner/* warning */.$e(`lfs: false: ${wanted.length} LFS object(s) the pushed commits point to are missing on the target; set lfs: auto to copy them`);
        return result;
    }
    if (wanted.length === 0)
        return result;
    const from = `the source ${i.source.display}`;
    const src = await lfsEndpoint(i.source, 'download');
    const offered = new Map((await batch(src, 'download', wanted, from)).map(o => [o.oid, o]));
    const dir = external_node_path_default().join(i.workDir, 'lfs-transit');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true, mode: 0o700 });
    for (const obj of wanted) {
        const d = offered.get(obj.oid);
        if (!d?.actions?.download)
            throw objectError(d ?? { ...obj, error: { code: 404, message: '' } }, from, 'download');
        const file = external_node_path_default().join(dir, obj.oid);
        await download(src, d, file, from);
        await upload(tgt, obj, file, where);
        (0,external_node_fs_.rmSync)(file, { force: true });
        result.copied++;
        result.bytes += obj.size;
    }
    runner/* info */.pq(`LFS: copied ${result.copied} object(s), ${result.bytes} bytes`);
    return result;
}


/***/ }),

/***/ 92862:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  applyBothWays: () => (/* binding */ applyBothWays),
  planBothWays: () => (/* binding */ planBothWays)
});

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: ./src/apply.ts + 2 modules
var apply = __webpack_require__(81956);
// EXTERNAL MODULE: ./src/plan-with-facts.ts
var plan_with_facts = __webpack_require__(35019);
// EXTERNAL MODULE: ./src/lfs/copy.ts + 2 modules
var copy = __webpack_require__(97174);
// EXTERNAL MODULE: ./src/plan.ts
var plan = __webpack_require__(22464);
// EXTERNAL MODULE: ./src/git/retry.ts
var retry = __webpack_require__(5230);
;// CONCATENATED MODULE: ./src/refs/memory.ts

/**
 * Where two-way sync remembers each ref's last agreed tip, in both repositories: outside
 * refs/heads and refs/tags, so nothing ever checks it out, mirrors or clones it by default.
 */
const MEMORY_PREFIX = 'refs/mirror-sync/';
/** refs/heads/main   refs/mirror-sync/heads/main. */
function memoryRef(ref) {
    return MEMORY_PREFIX + ref.slice('refs/'.length);
}
/** refs/mirror-sync/heads/main   refs/heads/main. */
function refOfMemory(memory) {
    return 'refs/' + memory.slice(MEMORY_PREFIX.length);
}
/** One side's memory: the remembered refs under MEMORY_PREFIX, as the side lists them. */
async function listMemory(git, remote, retries) {
    const refs = await (0,retry/* withRetries */.LH)(retries, `list ${remote.display}`, () => git.listRemoteRefs(remote, [`${MEMORY_PREFIX}*`]));
    return new Map([...refs].filter(([ref]) => ref.startsWith(MEMORY_PREFIX)));
}

;// CONCATENATED MODULE: ./src/plan/two-way.ts


const plural = (n, word) => `${n ?? 0} ${word}${n === 1 ? '' : 's'}`;
const sideName = (side) => (side === 'source' ? 'the source' : 'the target');
/** Was this tip the agreed one at some sync? Either repository's memory counts (one write may have failed). */
const remembers = (m, id) => id !== null && (m.source === id || m.target === id);
const synced = (m) => m.source !== undefined || m.target !== undefined;
/**
 * A ref one side has and the other lacks. Never synced: created on the other side. Synced, and the
 * side that has it has not moved since: the other side deleted it, which prune carries over (after
 * a backup) and which is otherwise kept as it is: never recreated. Synced and moved since: deleted
 * on one side, changed on the other, a conflict that force settles the source's way.
 */
function oneSided(s, memory, o) {
    const has = s.sourceSha ? 'source' : 'target';
    const lacks = has === 'source' ? 'target' : 'source';
    const tip = has === 'source' ? s.sourceSha : s.targetBefore;
    const what = s.kind === 'tag' ? 'tag' : 'branch';
    const base = { ...s, status: has === 'source' ? 'source-only' : 'target-only' };
    const write = (action, side, message, backup = null) => (0,plan/* planned */.lM)(base, action, message, { side, backupRef: backup });
    if (!synced(memory))
        return write('create', lacks, `${what} is new in ${sideName(has)} (never synced); created in ${sideName(lacks)}`);
    if (remembers(memory, tip)) {
        const why = `deleted in ${sideName(lacks)} since the last sync, unchanged in ${sideName(has)}`;
        if (!o.prune)
            return (0,plan/* planned */.lM)(base, 'none', `${why}; kept there and not recreated (prune is off)`);
        const backup = (0,plan/* backupRef */.Wi)(s, o);
        return write('delete', has, `${why}; deleted there too, old tip saved as ${backup}`, backup);
    }
    const why = `deleted in ${sideName(lacks)} since the last sync, moved in ${sideName(has)}`;
    if (!o.force)
        return (0,plan/* planned */.lM)(base, 'skip', `${why}; left alone (set force to let the source win)`, {
            cause: { kind: 'diverged', detail: why }
        });
    // The source wins: its tip comes back to the target, or its deletion reaches the target.
    if (has === 'source')
        return write('create', 'target', `${why}; recreated in the target because force is set`);
    if (!o.prune)
        return (0,plan/* planned */.lM)(base, 'none', `${why}; kept in the target (force is set, but prune is off)`);
    const backup = (0,plan/* backupRef */.Wi)(s, o);
    return write('delete', 'target', `${why}; deleted because force is set, old tip saved as ${backup}`, backup);
}
/**
 * The two-way decision table: per ref, the side that is behind is fast-forwarded, a ref new on one
 * side is created on the other, deletions are judged against the remembered last-synced tip, and
 * refs changed on both sides (branches neither of which contains the other, tags that differ) are
 * conflicts decided like one-way ones (`force`: the source wins, after a backup of the target).
 */
function planTwoWay(states, o) {
    return states.map(({ memory, ...s }) => {
        switch (s.status) {
            case 'target-ahead':
                return (0,plan/* planned */.lM)({ ...s, status: 'fast-forward' }, 'update', `source is ${plural(s.ahead, 'commit')} behind the target; fast-forward`, { side: 'source' });
            case 'target-only':
            case 'create':
            case 'tag-new':
                return oneSided(s, memory, o);
            default: {
                // Equal, target behind, diverged, moved tag: exactly as one way (writes go to the target).
                const u = (0,plan/* planRef */.vk)(s, { ...o, prune: false });
                return (0,plan/* isWrite */.ao)(u) ? { ...u, side: 'target' } : u;
            }
        }
    });
}
/** The side the plan names the ids of as `sourceSha` (the other one's are `targetBefore`). */
function flip(u) {
    return { ...u, sourceSha: u.targetBefore, targetBefore: u.sourceSha, ahead: u.behind, behind: u.ahead };
}
/**
 * The plan as the repository `side` sees it: that repository is the target (its ids are
 * `targetBefore`, the other's `sourceSha`) and the other repository's writes are nothing. This is
 * what the one-way holds, the push and the LFS copy take.
 */
function viewOf(updates, side) {
    return updates.map(u => {
        const seen = side === 'source' ? flip(u) : u;
        return u.side !== side && (0,plan/* isWrite */.ao)(u) ? { ...seen, action: 'none' } : seen;
    });
}
/** Takes back what one side's holds decided about its own writes (a view of `updates`, same order). */
function mergeView(updates, view, side) {
    return updates.map((u, i) => {
        if (u.side !== side || !(0,plan/* isWrite */.ao)(u))
            return u;
        const v = view[i];
        return { ...(side === 'source' ? flip(v) : v), side };
    });
}
/** What a side holds after the run (null: absent), or undefined when not known (its write failed). */
function after(u, side, outcomes) {
    const before = side === 'source' ? u.sourceSha : u.targetBefore;
    if (u.side !== side || !(0,plan/* isWrite */.ao)(u))
        return { id: before };
    const o = outcomes.get(u.ref);
    if (o?.result !== 'applied')
        return undefined;
    return { id: o.targetAfter };
}
/**
 * The memory writes a finished run makes, per side: every ref both repositories now agree on is
 * remembered at that tip, and a ref gone from both (or selected, remembered and absent on either
 * side: `forgotten`) is forgotten. A ref the sides still disagree on keeps its old memory, which is
 * what later runs judge deletions and moves against. Each write is leased on the memory's current
 * value, like any other update.
 */
function memoryWrites(updates, outcomes, memory, forgotten = []) {
    const out = { source: [], target: [] };
    const agreed = new Map();
    for (const u of updates) {
        const a = after(u, 'source', outcomes.source);
        const b = after(u, 'target', outcomes.target);
        if (a && b && a.id === b.id)
            agreed.set(u.ref, a.id);
    }
    for (const ref of forgotten)
        if (!agreed.has(ref))
            agreed.set(ref, null);
    for (const [ref, id] of agreed) {
        const m = memory.get(ref) ?? {};
        for (const side of ['source', 'target']) {
            const had = m[side] ?? null;
            if (had === id)
                continue;
            const name = memoryRef(ref);
            const state = {
                ref: name,
                name,
                kind: ref.startsWith('refs/tags/') ? 'tag' : 'branch',
                status: 'up-to-date',
                sourceSha: id,
                targetBefore: had,
                ahead: null,
                behind: null
            };
            out[side].push(id
                ? (0,plan/* planned */.lM)(state, 'force-update', `remembered as the last synced tip of ${ref}`)
                : (0,plan/* planned */.lM)(state, 'delete', `${ref} is gone from both sides: forgotten`));
        }
    }
    return out;
}

// EXTERNAL MODULE: ./src/refs/analyse.ts + 3 modules
var analyse = __webpack_require__(89499);
// EXTERNAL MODULE: ./src/refs/fetch.ts
var fetch = __webpack_require__(60490);
// EXTERNAL MODULE: ./src/refs/incoming.ts
var refs_incoming = __webpack_require__(6432);
// EXTERNAL MODULE: ./src/refs/select.ts
var refs_select = __webpack_require__(40724);
// EXTERNAL MODULE: ./src/refs/workflows.ts
var workflows = __webpack_require__(88360);
;// CONCATENATED MODULE: ./src/two-way.ts












const SIDES = ['target', 'source'];
const other = (side) => (side === 'source' ? 'target' : 'source');
/**
 * Two-way planning: both sides' memory of the last sync, the same analysis as one way (with the
 * complete history of both sides, since either may be pushed to the other), the pure two-way plan,
 * then each side's writes through the holds one-way writes go through (guard, names, protection,
 * workflows), seen from that side.
 */
async function planBothWays(s, selected, branches, now, warnings, timings) {
    const { git, remotes, refs, options } = s;
    // Listed while analysis fetches: the memory is only compared by id, never fetched.
    const listed = Promise.all([
        listMemory(git, remotes.source, options.retries),
        listMemory(git, remotes.target, options.retries)
    ]);
    const { states, rounds } = await (0,analyse/* analyse */.K)({
        git,
        source: remotes.source,
        target: remotes.target,
        sourceRefs: refs.source,
        targetRefs: refs.target,
        selected,
        prune: true,
        complete: true,
        retries: options.retries,
        timings
    }).finally(() => listed.catch(() => undefined));
    const [sourceMemory, targetMemory] = await listed;
    const memoryRefs = { source: sourceMemory, target: targetMemory };
    const memory = new Map();
    for (const side of SIDES)
        for (const [name, id] of memoryRefs[side]) {
            const ref = refOfMemory(name);
            memory.set(ref, { ...memory.get(ref), [side]: id });
        }
    let updates = planTwoWay(states.map(st => ({ ...st, memory: memory.get(st.ref) ?? {} })), { force: options.force, prune: options.prune, backupRefPrefix: options.backupRefPrefix, now });
    // Remembered refs that both sides have lost, among the ones the patterns select.
    const remembered = { refs: new Map([...memory.keys()].map(r => [r, ''])) };
    const chosen = new Set(selected);
    const forgotten = (0,refs_select/* selectRefs */.Xi)(remembered, { refs: new Map() }, branches, options.tags).refs.filter(r => !chosen.has(r));
    let guard;
    for (const side of SIDES) {
        let view = viewOf(updates, side);
        if (!view.some(plan/* isWrite */.ao))
            continue;
        if (!options.syncWorkflows) {
            const writes = view.filter(u => (0,plan/* isWrite */.ao)(u) && u.sourceSha);
            const touches = await (0,workflows/* refsTouchingWorkflows */.q)(git, writes, refs[side]);
            view = view.map(u => (0,plan/* holdWorkflowChange */.Th)(u, touches));
        }
        const held = await (0,plan_with_facts/* holdBack */.d5)(view, refs[side], remotes[side], options, warnings);
        guard ??= held.guard;
        const incoming = await (0,refs_incoming/* incomingCommits */.jJ)(git, held.updates, refs[side]);
        view = held.updates.map(u => (incoming.has(u.ref) ? { ...u, incoming: incoming.get(u.ref) } : u));
        updates = mergeView(updates, view, side);
    }
    (0,plan_with_facts/* logPlan */.uH)(updates);
    return { updates, memoryRefs, memory, forgotten, guard, rounds };
}
/**
 * Applies a two-way plan: per side, the LFS objects its new commits need and then its writes, each
 * through the one-way push with its backups and leases; then the memory of every ref both sides now
 * agree on, in both repositories, leased on what each remembered.
 */
async function applyBothWays(s, p, workDir, warnings) {
    const { git, remotes, refs, options } = s;
    const outcomes = { source: new Map(), target: new Map() };
    let lfs;
    for (const side of SIDES) {
        const view = viewOf(p.updates, side);
        if (!view.some(plan/* isWrite */.ao))
            continue;
        runner/* info */.pq(`writing ${view.filter(plan/* isWrite */.ao).length} ref(s) to the ${side} (${remotes[side].display})`);
        const copied = await (0,copy.copyLfs)({
            git,
            source: remotes[other(side)],
            target: remotes[side],
            updates: view,
            targetRefs: refs[side],
            mode: options.lfs,
            workDir
        });
        lfs = addLfs(lfs, copied);
        outcomes[side] = await (0,apply.apply)(git, remotes[side], view, {
            retries: options.retries,
            maxRefsPerPush: options.maxRefsPerPush,
            warnings
        });
    }
    await remember(s, p, outcomes, warnings);
    return { outcomes: new Map([...outcomes.source, ...outcomes.target]), lfs };
}
function addLfs(a, b) {
    if (!a || !b)
        return a ?? b;
    return {
        mode: a.mode,
        objects: a.objects + b.objects,
        missing: a.missing + b.missing,
        copied: a.copied + b.copied,
        bytes: a.bytes + b.bytes
    };
}
/**
 * Writes the memory. A memory write that fails (someone else's run moved it meanwhile) costs
 * nothing but a warning: the refs themselves are in place, and the next run judges against
 * whichever tip either side still remembers.
 */
async function remember(s, p, outcomes, warnings) {
    const { git, remotes, options } = s;
    const writes = memoryWrites(p.updates, outcomes, p.memory, p.forgotten);
    // The agreed tips of refs that were already equal were never downloaded; git needs each object
    // to push a ref to it, and both sides have it: one commit (or tag) from the source is enough.
    const ids = [
        ...new Set([...writes.source, ...writes.target].map(u => u.sourceSha).filter(Boolean))
    ];
    const present = await git.presentObjects(ids);
    const missing = ids.filter(id => !present.has(id));
    if (missing.length > 0)
        await (0,fetch/* fetchRefs */.BA)(git, remotes.source, missing.map(id => [id, id]), options.retries, { depth: 1 });
    for (const side of SIDES) {
        if (writes[side].length === 0)
            continue;
        const done = await (0,apply.apply)(git, remotes[side], writes[side], { retries: options.retries, warnings });
        for (const w of writes[side]) {
            const o = done.get(w.ref);
            if (o?.result !== 'applied')
                warnings.push(`could not record the last synced tip of ${refOfMemory(w.ref)} in the ${side} (${w.ref}): ${o?.message ?? 'no answer'}; the next run judges deletions against what it remembered before`);
        }
    }
}


/***/ })

};
