export const id = 17;
export const ids = [17];
export const modules = {

/***/ 83017:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  AppProvider: () => (/* binding */ AppProvider)
});

// UNUSED EXPORTS: revokeAll

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: ./node_modules/@octokit/auth-app/dist-node/index.js + 9 modules
var dist_node = __webpack_require__(76479);
// EXTERNAL MODULE: ./src/git/secrets.ts
var secrets = __webpack_require__(93013);
// EXTERNAL MODULE: ./src/github/octokit.ts
var octokit = __webpack_require__(6702);
// EXTERNAL MODULE: ./src/github/rate-limit.ts
var rate_limit = __webpack_require__(57403);
;// CONCATENATED MODULE: ./src/auth/app-errors.ts


/** GitHub Enterprise Server accepts a client ID as the JWT issuer only from this version on. */
const CLIENT_ID_SINCE = [3, 14];
const isClientId = (appId) => /^Iv/.test(appId);
/** True for a GHES version (from `x-github-enterprise-version`) older than CLIENT_ID_SINCE. */
function ghesBeforeClientIds(version) {
    const [major = 0, minor = 0] = version.split('.').map(n => parseInt(n, 10));
    return major < CLIENT_ID_SINCE[0] || (major === CLIENT_ID_SINCE[0] && minor < CLIENT_ID_SINCE[1]);
}
/**
 * Explains an App API failure in one line that names the fix; never includes a token. The 422s
 * GitHub gives for minting are told apart by its own words: a repository outside the installation,
 * or permissions the installation was not granted.
 */
function explainAppFailure(err, c) {
    if (err instanceof rate_limit/* RateLimitError */.OE)
        return new Error(err.message);
    const status = (0,octokit.statusOf)(err);
    const said = (0,octokit.apiMessage)(err);
    const owner = c.repo.split('/')[0];
    if (status === 401) {
        const ghes = (0,octokit.headerOf)(err, 'x-github-enterprise-version');
        if (ghes && isClientId(c.appId) && ghesBeforeClientIds(ghes))
            return new Error(`app-id is a client ID (${c.appId.slice(0, 4)}\u2026), which GitHub Enterprise Server accepts only from 3.14 on; this server runs ${ghes}: give the App's numeric App ID (on the App's settings page) as app-id`);
        return new Error("GitHub refused the App's credentials (401 Bad credentials): check app-id and that app-private-key is a current key of that App");
    }
    if (status === 404)
        return new Error(`the App is not installed on ${c.repo}, or cannot see it (404): install it there with Contents access, or set app-installation-id`);
    if (status === 422 &&
        /not accessible to the parent installation|repository that does not exist/i.test(said))
        return new Error(c.installationId
            ? `the App is not installed on ${c.repo} (422 "${said}"): app-installation-id ${c.installationId} does not cover it. An installation belongs to one owner: remove app-installation-id so the action finds each repository's installation, or add ${c.repo} to that installation`
            : `the App is not installed on ${c.repo} (422 "${said}"): add ${c.repo} to the App's installation on ${owner} (${owner}'s settings \u2192 GitHub Apps \u2192 Configure \u2192 Repository access)`);
    if (status === 422)
        return new Error(`GitHub would not grant the permissions asked for ${c.repo} (422 "${said}"): give the App Contents: read & write${c.what.includes('workflows') ? ' and Workflows: read & write (or set sync-workflows: false)' : ''}${c.what.includes('pull_requests') ? ' and Pull requests: read & write (for on-conflict: pull-request)' : ''} and accept the new permissions on the installation`);
    if (status === 403)
        return new Error(`GitHub refused (403) ${c.what} for ${c.repo}: the installation may be suspended (${said})`);
    return new Error(`${c.what} for ${c.repo} failed: ${said}`);
}

// EXTERNAL MODULE: ./src/crypto.ts
var src_crypto = __webpack_require__(55414);
// EXTERNAL MODULE: ./src/state-keys.ts
var state_keys = __webpack_require__(10507);
;// CONCATENATED MODULE: ./src/auth/state.ts



// The runner keeps step state in a file under its temp dir. Tokens go there only encrypted with a
// key derived from the App's private key, which the post step receives again as an input: the file
// alone never holds a usable credential.
function keyOf(privateKey) {
    return (0,src_crypto/* nodeCrypto */.S)().createHash('sha256').update('repo-mirror/app-token-state\0').update(privateKey).digest();
}
function sealTokens(tokens, privateKey) {
    if (tokens.length === 0)
        return '';
    const iv = (0,src_crypto/* nodeCrypto */.S)().randomBytes(12);
    const cipher = (0,src_crypto/* nodeCrypto */.S)().createCipheriv('aes-256-gcm', keyOf(privateKey), iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}
function openTokens(sealed, privateKey) {
    if (!sealed)
        return [];
    const raw = Buffer.from(sealed, 'base64');
    const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', keyOf(privateKey), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    return JSON.parse(text);
}
function saveMinted(tokens, privateKey) {
    runner/* saveState */.LZ(state_keys/* STATE_KEYS */.L.appTokens, sealTokens(tokens, privateKey));
}
function loadMinted(privateKey) {
    return openTokens(core.getState(STATE_KEYS.appTokens), privateKey);
}

// EXTERNAL MODULE: ./src/git/retry.ts
var retry = __webpack_require__(5230);
;// CONCATENATED MODULE: ./src/auth/ready.ts




/** Checks before a new token is given up on: with the default backoff, about half a minute. */
const READY_ATTEMPTS = 6;
/**
 * Resolves once GitHub accepts a token it has just minted. Right after minting, GitHub can answer
 * 401 (the token is not known yet) or 403/404 (its permissions or repository access are not
 * replicated yet) for a moment; git would take that as final. One read of the token's own
 * repository (metadata, which every installation token may read) proves the token is usable; it
 * is repeated with backoff, each wait logged, and the run fails with one line past the bound.
 */
async function untilUsable(o) {
    const api = (0,octokit.tokenClient)(o.apiUrl, o.token);
    for (let attempt = 0;; attempt++) {
        try {
            await api.rest.repos.get({ owner: o.owner, repo: o.repo });
            if (attempt > 0)
                runner/* info */.pq(`${o.side}: GitHub accepts the new token after ${attempt} wait(s)`);
            return;
        }
        catch (err) {
            const status = (0,octokit.statusOf)(err);
            const lag = !(err instanceof rate_limit/* RateLimitError */.OE) && (status === 401 || status === 403 || status === 404);
            if (!lag)
                throw err;
            const said = `${status} ${(0,octokit.apiMessage)(err)}`;
            if (attempt + 1 >= READY_ATTEMPTS)
                throw new Error(`GitHub did not accept the new App token for ${o.owner}/${o.repo} after ${attempt + 1} tries (${said}): GitHub may be slow or degraded (https://www.githubstatus.com); run again later`, { cause: err });
            const delay = (0,retry/* backoffDelay */.EY)(attempt);
            runner/* info */.pq(`${o.side}: GitHub does not accept the new App token yet (${said}); waiting ${delay} ms (${attempt + 1}/${READY_ATTEMPTS - 1})`);
            await (0,retry/* sleep */.yy)(delay);
        }
    }
}

;// CONCATENATED MODULE: ./src/auth/app.ts







const describePermissions = (p) => Object.entries(p)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
/**
 * A token is re-minted once less than this share of its lifetime is left: ten minutes of GitHub's
 * hour, so a git command never starts on a token about to die (GitHub checks a token when a request
 * starts, so a long transfer that started in time is not cut).
 */
const RENEW_SHARE = 1 / 6;
/**
 * GitHub App installation tokens, one per side, each narrowed to its one repository and to the
 * permissions that side needs. The installation is found per repository unless given, so one App
 * installed on two organisations serves both. Every token is masked, saved (encrypted) for the post
 * step, handed out only once GitHub accepts it, re-minted before it expires or when git is refused
 * with it, and revoked in close().
 */
class AppProvider {
    o;
    method = 'github-app';
    api;
    /** Every token minted and not yet revoked (the post step revokes what close() could not). */
    minted = [];
    closed = false;
    held = new Map();
    constructor(o) {
        this.o = o;
        this.api = new octokit.MirrorOctokit({
            ...(0,octokit.apiOptions)(o.apiUrl, o.retries),
            authStrategy: dist_node/* createAppAuth */.K,
            auth: { appId: o.app.appId, privateKey: o.app.privateKey }
        });
    }
    async installationFor(owner, repo) {
        if (this.o.app.installationId)
            return this.o.app.installationId;
        try {
            const { data } = await this.api.rest.apps.getRepoInstallation({ owner, repo });
            runner/* info */.pq(`GitHub App installation ${data.id} (${data.account && 'login' in data.account ? data.account.login : owner}) serves ${owner}/${repo}`);
            return data.id;
        }
        catch (err) {
            throw explainAppFailure(err, {
                what: 'finding the App installation',
                repo: `${owner}/${repo}`,
                ...this.o.app
            });
        }
    }
    /** Mints a token for one side, waits until GitHub accepts it, and records it for revoking. */
    async mint(side, repo, installationId, permissions) {
        const full = `${repo.owner}/${repo.name}`;
        let auth;
        try {
            auth = (await this.api.auth({
                type: 'installation',
                installationId,
                repositoryNames: [repo.name],
                permissions,
                refresh: true
            }));
        }
        catch (err) {
            throw explainAppFailure(err, {
                what: `minting a token with ${describePermissions(permissions)}`,
                repo: full,
                ...this.o.app
            });
        }
        const mintedAt = Date.now();
        (0,secrets/* registerSecret */.cl)(auth.token);
        const minted = { token: auth.token, expiresAt: auth.expiresAt, apiUrl: this.o.apiUrl };
        this.minted.push(minted);
        saveMinted(this.minted, this.o.app.privateKey);
        // GitHub may refuse a token it has just minted for a moment (not replicated yet): git treats
        // that as final, so nothing gets the token before GitHub accepts it.
        await untilUsable({ apiUrl: this.o.apiUrl, token: auth.token, owner: repo.owner, repo: repo.name, side });
        runner/* info */.pq(`${side}: GitHub App token for ${full} (${describePermissions(permissions)}), expires ${auth.expiresAt}`);
        return { current: minted, mintedAt };
    }
    async tokenFor(side, repo) {
        if (repo.kind !== 'github')
            return this.o.fallback.tokenFor(side, repo);
        const writes = side === 'target' || Boolean(this.o.writesSource);
        const permissions = writes ? { contents: 'write' } : { contents: 'read' };
        if (writes && this.o.workflows)
            permissions.workflows = 'write';
        if (side === 'target' && this.o.pullRequests)
            permissions.pull_requests = 'write';
        const installationId = await this.installationFor(repo.owner, repo.name);
        const { current, mintedAt } = await this.mint(side, repo, installationId, permissions);
        this.held.set(side, { repo, installationId, permissions, current, mintedAt });
        return current.token;
    }
    /**
     * The token to use now for a side: the current one, or a new one when the current one expires
     * within the margin or was just refused (`refused`). The replaced token is revoked.
     */
    async renew(side, refused) {
        const h = this.held.get(side);
        if (!h)
            return undefined;
        if (h.pending)
            return h.pending;
        // Once closing has revoked the tokens, a refusal is expected: minting again would leave a token behind.
        if (this.closed)
            return h.current.token;
        const expires = Date.parse(h.current.expiresAt);
        const soon = expires - Date.now() < (expires - h.mintedAt) * RENEW_SHARE;
        if (!soon && refused !== h.current.token)
            return h.current.token;
        const why = refused === h.current.token ? 'git was refused with it' : `it expires at ${h.current.expiresAt}`;
        h.pending = (async () => {
            runner/* info */.pq(`${side}: minting a new GitHub App token for ${h.repo.owner}/${h.repo.name} (${why})`);
            const old = h.current;
            const next = await this.mint(side, h.repo, h.installationId, h.permissions);
            h.current = next.current;
            h.mintedAt = next.mintedAt;
            await this.revoke([old]);
            return h.current.token;
        })().finally(() => (h.pending = undefined));
        return h.pending;
    }
    async revoke(tokens) {
        const left = await revokeAll(tokens);
        for (const t of tokens)
            if (!left.includes(t))
                this.minted.splice(this.minted.indexOf(t), 1);
        saveMinted(this.minted, this.o.app.privateKey);
    }
    /** Revokes every minted token; any that cannot be revoked stays saved for the post step. */
    async close() {
        this.closed = true;
        await this.revoke([...this.minted]);
    }
}
/** Revokes tokens (DELETE /installation/token, authenticated with the token itself); returns those that failed. */
async function revokeAll(tokens, now = new Date()) {
    const left = [];
    for (const t of tokens) {
        if (Date.parse(t.expiresAt) <= now.getTime())
            continue;
        try {
            await (0,octokit.tokenClient)(t.apiUrl, t.token, 1).rest.apps.revokeInstallationAccessToken();
            runner/* info */.pq('Revoked a GitHub App installation token');
        }
        catch (err) {
            // 401: already revoked or expired   nothing left to do.
            if ((0,octokit.statusOf)(err) === 401)
                continue;
            runner/* warning */.$e(`Could not revoke a GitHub App token (${(0,octokit.statusOf)(err) ?? 'network error'}); it expires by itself at ${t.expiresAt}`);
            left.push(t);
        }
    }
    return left;
}


/***/ })

};
