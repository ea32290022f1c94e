export const id = 174;
export const ids = [174];
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


/***/ })

};
