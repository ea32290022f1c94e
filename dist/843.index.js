export const id = 843;
export const ids = [843,702];
export const modules = {

/***/ 6702:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MirrorOctokit: () => (/* binding */ MirrorOctokit),
/* harmony export */   apiMessage: () => (/* binding */ apiMessage),
/* harmony export */   apiOptions: () => (/* binding */ apiOptions),
/* harmony export */   headerOf: () => (/* binding */ headerOf),
/* harmony export */   statusOf: () => (/* binding */ statusOf),
/* harmony export */   tokenClient: () => (/* binding */ tokenClient)
/* harmony export */ });
/* harmony import */ var _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(80846);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(49735);
/* harmony import */ var _rate_limit_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(57403);



/**
 * @actions/github's Octokit (REST methods, proxy-aware fetch) plus retries on 5xx/network errors
 * and waiting out rate limits (see rate-limit.ts). Every REST call of the action goes through this class.
 */
const MirrorOctokit = _actions_github_lib_utils__WEBPACK_IMPORTED_MODULE_0__/* .GitHub */ .gq.plugin(_octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_2__/* .retry */ .L, _rate_limit_js__WEBPACK_IMPORTED_MODULE_1__/* .rateLimits */ .ph);
// plugin-retry retries every status not listed here at fixed 1/4/9 s; a 429 is a rate limit, whose
// wait GitHub names: rate-limit.ts honours it instead.
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];
/** Options for a client of the REST API at apiUrl, authenticated with a token or an auth strategy. */
function apiOptions(apiUrl, retries) {
    return {
        baseUrl: apiUrl,
        userAgent: 'repo-mirror',
        retry: { retries, doNotRetry: DO_NOT_RETRY }
    };
}
/** A client that authenticates with a token (PAT or installation token). */
function tokenClient(apiUrl, token, retries = 2) {
    return new MirrorOctokit({ ...apiOptions(apiUrl, retries), auth: `token ${token}` });
}
/** The HTTP status of an Octokit error, if it has one. */
function statusOf(err) {
    const s = err?.status;
    return typeof s === 'number' ? s : undefined;
}
/** GitHub's own words for an API failure (the body's message), else the error's first line. */
function apiMessage(err) {
    const data = err?.response?.data;
    if (typeof data?.message === 'string')
        return data.message;
    return err instanceof Error ? (err.message.split('\n')[0] ?? '') : String(err);
}
/** A response header of an Octokit error (e.g. GHES's x-github-enterprise-version). */
function headerOf(err, name) {
    const v = err?.response?.headers?.[name];
    return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}


/***/ }),

/***/ 57403:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   OE: () => (/* binding */ RateLimitError),
/* harmony export */   ph: () => (/* binding */ rateLimits)
/* harmony export */ });
/* unused harmony exports rateLimitPolicy, rateLimitWait */
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74813);

/**
 * GitHub's rate limits, as its REST documentation describes them: a primary or secondary limit
 * answers 403 or 429; `retry-after` (seconds) says how long to wait; otherwise, with
 * `x-ratelimit-remaining: 0`, wait until `x-ratelimit-reset` (epoch seconds); otherwise wait at least
 * a minute, longer each time. Continuing while limited can get an integration banned, so every wait
 * is honoured and logged, and past a bound the call fails with one clear line instead of waiting on.
 */
const rateLimitPolicy = {
    /** Waits on one request before giving up. */
    maxWaits: 3,
    /** The longest single wait the action sits out (seconds); a later reset fails the run instead. */
    maxWaitSeconds: 900,
    /** GitHub's advice when a secondary limit names no time. */
    fallbackSeconds: 60
};
/** Thrown when GitHub keeps limiting, or asks for a wait beyond the bound. */
class RateLimitError extends Error {
    status;
    constructor(message, status) {
        super(message);
        this.name = 'RateLimitError';
        this.status = status;
    }
}
function header(err, name) {
    const v = err.response?.headers?.[name];
    return v === undefined ? undefined : String(v);
}
/** How long GitHub asks us to wait, or undefined when the failure is not a rate limit. */
function rateLimitWait(err, attempt, nowMs = Date.now()) {
    if (err.status !== 403 && err.status !== 429)
        return undefined;
    const retryAfter = header(err, 'retry-after');
    const remaining = header(err, 'x-ratelimit-remaining');
    const data = err.response?.data;
    const text = `${typeof data?.message === 'string' ? data.message : ''} ${err.message ?? ''}`;
    const limited = err.status === 429 || retryAfter !== undefined || remaining === '0' || /rate limit/i.test(text);
    if (!limited)
        return undefined;
    if (retryAfter !== undefined && /^\d+$/.test(retryAfter.trim()))
        return { seconds: Number(retryAfter), basis: 'retry-after' };
    const reset = Number(header(err, 'x-ratelimit-reset'));
    if (remaining === '0' && Number.isFinite(reset) && reset > 0)
        // One second past the reset, so the retry lands after it.
        return { seconds: Math.max(1, Math.ceil(reset - nowMs / 1000) + 1), basis: 'x-ratelimit-reset' };
    return {
        seconds: rateLimitPolicy.fallbackSeconds * 2 ** attempt,
        basis: "GitHub's advice: a minute or more"
    };
}
const clock = (seconds, nowMs = Date.now()) => new Date(nowMs + seconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
/**
 * An Octokit plugin that waits out rate limits on every request, as rateLimitPolicy says. It
 * replaces @octokit/plugin-throttling, which leaves a 429 without its headers of choice to
 * @octokit/plugin-retry's fixed 1/4/9 s retries and absorbs short waits without a log line.
 */
function rateLimits(octokit) {
    octokit.hook.wrap('request', async (request, options) => {
        const what = `${options.method} ${options.url}`;
        for (let attempt = 0;; attempt++) {
            try {
                return await request(options);
            }
            catch (err) {
                const e = err;
                const wait = rateLimitWait(e, attempt);
                if (!wait)
                    throw err;
                const status = e.status ?? 429;
                if (wait.seconds > rateLimitPolicy.maxWaitSeconds)
                    throw new RateLimitError(`GitHub API rate limit (${status}) on ${what}: GitHub asks to wait ${wait.seconds} s (${wait.basis}), more than the ${rateLimitPolicy.maxWaitSeconds} s this action waits; run again after ${clock(wait.seconds)}, or spread the runs that share this App or token`, status);
                if (attempt >= rateLimitPolicy.maxWaits)
                    throw new RateLimitError(`GitHub API rate limit (${status}) on ${what}: still limited after ${attempt} waits; gave up so as not to get the App or token banned. Run again later, or spread the runs that share it`, status);
                _runner_js__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(`GitHub API rate limit (${status}) on ${what}: waiting ${wait.seconds} s (${wait.basis}), then retrying (${attempt + 1}/${rateLimitPolicy.maxWaits})`);
                await new Promise(r => setTimeout(r, wait.seconds * 1000));
            }
        }
    });
}


/***/ }),

/***/ 843:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  syncPullRequests: () => (/* binding */ syncPullRequests)
});

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: ./src/apply.ts + 2 modules
var apply = __webpack_require__(81956);
// EXTERNAL MODULE: ./src/github/octokit.ts
var octokit = __webpack_require__(6702);
// EXTERNAL MODULE: ./src/plan.ts
var plan = __webpack_require__(22464);
// EXTERNAL MODULE: ./src/report/links.ts
var links = __webpack_require__(83303);
// EXTERNAL MODULE: ./src/report/markdown.ts
var markdown = __webpack_require__(54285);
;// CONCATENATED MODULE: ./src/pulls/body.ts

/** Commits listed in a pull request's body; the count says how many there are in all. */
const MAX_BODY_COMMITS = 20;
const plural = (n, one) => `${n} ${one}${n === 1 ? '' : 's'}`;
/** The run's page, when the runner says where it is. */
function runLink(env) {
    const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_RUN_ID: id } = env;
    return server && repo && id ? `${server.replace(/\/+$/, '')}/${repo}/actions/runs/${id}` : undefined;
}
const pullTitle = (u, source) => `Mirror ${source} into ${u.name}`;
/**
 * The pull request's description: why the branch is not updated directly, how far apart the two
 * sides are, the incoming commits (capped) and the run. Every remote text is escaped.
 */
function pullBody(u, source, head, env) {
    const why = u.protected
        ? 'the target protects this branch, so the mirror cannot push to it'
        : 'the branch diverged from the source, so the mirror will not overwrite it';
    const out = [
        `**repo-mirror** does not update ${(0,markdown/* code */.aY)(u.name)} directly: ${why}. This pull request proposes the source's tip from ${(0,markdown/* code */.aY)(head)} instead; every mirror run keeps it current.`,
        '',
        `- **Source**: ${source.webUrl ? `[${(0,markdown/* text */.Qq)(source.repo)}](${source.webUrl})` : (0,markdown/* code */.aY)(source.repo)} ${(0,markdown/* code */.aY)(u.name)} at ${(0,markdown/* commit */.cd)(source, u.sourceSha)}`,
        `- **Target ${(0,markdown/* code */.aY)(u.name)}**: ${plural(u.ahead ?? 0, 'commit')} ahead of the source, ${u.behind ?? 0} behind`,
        ''
    ];
    const inc = u.incoming;
    if (inc && inc.total > 0) {
        out.push(`### Incoming commits (${inc.total})`, '');
        const shown = inc.commits.slice(0, MAX_BODY_COMMITS);
        for (const c of shown)
            out.push(`- ${(0,markdown/* commit */.cd)(source, c.sha)} ${(0,markdown/* text */.Qq)(c.subject)} \u2014 ${(0,markdown/* text */.Qq)(c.author)}, ${(0,markdown/* text */.Qq)(c.date)}`);
        if (inc.total > shown.length)
            out.push(`- \u2026and ${inc.total - shown.length} more`);
        out.push('');
    }
    out.push(`Merge it to bring the source's commits into ${(0,markdown/* code */.aY)(u.name)}. Once the branch holds the source's tip, the next run closes this pull request if it is still open.`);
    const run = runLink(env);
    if (run)
        out.push('', `<sub>Updated by [run ${(0,markdown/* text */.Qq)(env.GITHUB_RUN_ID ?? '')}](${run})</sub>`);
    return out.join('\n');
}

;// CONCATENATED MODULE: ./src/pulls/sync.ts






/** One line that names the fix for a failed pull-request call; never includes a token. */
function explain(err, what) {
    const status = (0,octokit.statusOf)(err);
    const detail = err instanceof Error ? err.message.split('\n')[0] : String(err);
    if (status === 403 || status === 401)
        return `${what} was refused (${status}): the target token needs pull-requests: write (a PAT with repo scope, or an App with Pull requests: read & write)`;
    if (status === 422)
        return `${what} was refused (422): ${detail}`;
    return `${what} failed: ${detail}`;
}
async function findOpen(api, owner, repo, head, base) {
    const { data } = await api.rest.pulls.list({
        owner,
        repo,
        state: 'open',
        head: `${owner}:${head}`,
        base,
        per_page: 100
    });
    return data.find(p => p.head.ref === head && p.base.ref === base);
}
/**
 * on-conflict: pull-request. Each branch the plan proposes gets its source tip on its mirror branch
 * (lease-safe) and exactly one open pull request into it: found by its head, created once,
 * updated on every later run. A branch that synced by itself (it now holds the source's tip)
 * gets its open pull request closed with a comment, and its mirror branch deleted with a lease.
 */
async function syncPullRequests(i) {
    const { target, updates, options } = i;
    const out = new Map();
    const headOf = (u) => `${options.pullRequestPrefix}${u.name}`;
    const headRef = (u) => `refs/heads/${headOf(u)}`;
    const proposals = updates.filter(u => u.action === 'pull-request');
    const settled = updates.filter(u => u.kind === 'branch' &&
        i.targetRefs.refs.has(headRef(u)) &&
        u.action !== 'pull-request' &&
        (u.action === 'none' ? u.status !== 'target-only' : i.outcomes.get(u.ref)?.result === 'applied'));
    if (options.dryRun || (proposals.length === 0 && settled.length === 0))
        return out;
    const [owner, repo] = (target.githubRepo ?? '').split('/');
    if (!target.token)
        throw new Error('on-conflict: pull-request needs a target token that can open pull requests');
    const api = (0,octokit.tokenClient)(options.apiUrl, target.token, options.retries);
    const source = {
        repo: i.source.display,
        url: i.source.local ? null : i.source.url,
        webUrl: (0,links/* githubWebUrl */.d)(i.source)
    };
    // The mirror branches first, in one push, each with a lease on what the listing showed.
    const moves = proposals
        .filter(u => i.targetRefs.refs.get(headRef(u)) !== u.sourceSha)
        .map(u => (0,plan/* plannedWrite */.W_)({
        ref: headRef(u),
        name: headOf(u),
        kind: 'branch',
        status: 'diverged',
        action: 'force-update',
        sourceSha: u.sourceSha,
        targetBefore: i.targetRefs.refs.get(headRef(u)) ?? null,
        message: `mirror branch of ${u.name}`
    }));
    const pushed = moves.length
        ? await (0,apply.apply)(i.git, target, moves, { retries: options.retries, maxRefsPerPush: options.maxRefsPerPush })
        : new Map();
    for (const u of proposals) {
        const head = headOf(u);
        const p = pushed.get(headRef(u));
        if (p && p.result !== 'applied') {
            out.set(u.ref, {
                result: 'failed',
                message: `its mirror branch ${head} could not be written: ${p.message}`
            });
            continue;
        }
        try {
            const body = pullBody(u, source, head, i.env);
            const title = pullTitle(u, i.source.display);
            const open = await findOpen(api, owner, repo, head, u.name);
            let pr;
            if (open) {
                await api.rest.pulls.update({ owner, repo, pull_number: open.number, title, body });
                pr = { number: open.number, url: open.html_url, head, state: 'updated' };
            }
            else {
                const { data } = await api.rest.pulls.create({
                    owner,
                    repo,
                    head,
                    base: u.name,
                    title,
                    body,
                    maintainer_can_modify: false
                });
                pr = { number: data.number, url: data.html_url, head, state: 'created' };
            }
            runner/* info */.pq(`${u.ref}: pull request #${pr.number} ${pr.state} (${pr.url})`);
            out.set(u.ref, {
                result: 'proposed',
                message: `pull request #${pr.number} ${pr.state}`,
                pullRequest: pr
            });
        }
        catch (err) {
            out.set(u.ref, { result: 'failed', message: explain(err, `the pull request from ${head}`) });
        }
    }
    const closed = [];
    for (const u of settled) {
        const head = headOf(u);
        try {
            const open = await findOpen(api, owner, repo, head, u.name);
            if (!open)
                continue;
            await api.rest.issues.createComment({
                owner,
                repo,
                issue_number: open.number,
                body: `${'`'}${u.name}${'`'} now holds the source's tip (synced by the mirror itself), so this pull request is no longer needed: closing it.`
            });
            await api.rest.pulls.update({ owner, repo, pull_number: open.number, state: 'closed' });
            runner/* info */.pq(`${u.ref}: synced by itself; pull request #${open.number} closed`);
            out.set(u.ref, {
                result: 'unchanged',
                message: `its pull request #${open.number} was closed: the branch synced by itself`,
                pullRequest: { number: open.number, url: open.html_url, head, state: 'closed' }
            });
            closed.push((0,plan/* plannedWrite */.W_)({
                ref: headRef(u),
                name: head,
                kind: 'branch',
                status: 'target-only',
                action: 'delete',
                sourceSha: null,
                targetBefore: i.targetRefs.refs.get(headRef(u)) ?? null,
                message: `mirror branch of ${u.name}, no longer needed`
            }));
        }
        catch (err) {
            const message = explain(err, `closing the pull request from ${head}`);
            runner/* warning */.$e(`${u.ref}: ${message}`);
            out.set(u.ref, { result: 'unchanged', message });
        }
    }
    // The mirror branch goes with its pull request; the lease keeps one someone pushed to since.
    if (closed.length)
        for (const [ref, o] of await (0,apply.apply)(i.git, target, closed, {
            retries: options.retries,
            maxRefsPerPush: options.maxRefsPerPush
        }))
            if (o.result !== 'applied')
                runner/* warning */.$e(`${ref} was not deleted: ${o.message}`);
    return out;
}


/***/ })

};
