export const id = 702;
export const ids = [702];
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


/***/ })

};
