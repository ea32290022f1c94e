export const id = 195;
export const ids = [195,702];
export const modules = {

/***/ 51896:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BG: () => (/* binding */ pairOptions),
/* harmony export */   XM: () => (/* binding */ pathOf),
/* harmony export */   Xg: () => (/* binding */ readConfig),
/* harmony export */   mD: () => (/* binding */ isUsageError),
/* harmony export */   qD: () => (/* binding */ PairOptionsSchema),
/* harmony export */   tW: () => (/* binding */ optionInputs),
/* harmony export */   xL: () => (/* binding */ ConfigError)
/* harmony export */ });
/* unused harmony exports PAIR_OPTION_NAMES, SKIP_KINDS, FleetConfigSchema, parseConfig */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(38815);
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(50000);
/* harmony import */ var _inputs_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(38422);




/**
 * Options a fleet config may set per pair (in `defaults`, a `mirrors` entry or an `owners` entry).
 * The names are the action's own inputs, so they mean exactly what they mean there (the action's
 * validation checks their values). Tokens, App keys and SSH keys are not among them: secrets belong
 * in the workflow's secrets or the environment, not in a file.
 */
const PairOptionsShape = {
    branches: zod__WEBPACK_IMPORTED_MODULE_3__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP())]).optional(),
    tags: zod__WEBPACK_IMPORTED_MODULE_3__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP(), zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP())]).optional(),
    force: zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().optional(),
    prune: zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().optional(),
    'dry-run': zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().optional(),
    'backup-ref-prefix': zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().optional(),
    'sync-workflows': zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().optional(),
    retries: zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().optional(),
    'retention-days': zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().optional(),
    'max-refs-per-push': zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().optional(),
    'allow-mass-prune': zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().optional(),
    'on-conflict': zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().optional(),
    'pull-request-prefix': zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().optional(),
    'backup-retention-days': zod__WEBPACK_IMPORTED_MODULE_3__/* .number */ .aig().int().optional(),
    lfs: zod__WEBPACK_IMPORTED_MODULE_3__/* .union */ .KCZ([zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY(), zod__WEBPACK_IMPORTED_MODULE_3__/* .literal */ .euz('auto')]).optional(),
    'source-username': zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().optional(),
    'target-username': zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().optional(),
    /** Create a missing GitHub target repository (private) before mirroring into it. */
    'create-targets': zod__WEBPACK_IMPORTED_MODULE_3__/* .boolean */ .zMY().optional()
};
const PAIR_OPTION_NAMES = Object.keys(PairOptionsShape);
const PairOptionsSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc(PairOptionsShape).strict();
const repoField = zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP({ error: 'must be a repository: owner/name, an https URL or a path' }).min(1);
const ownerField = zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP({ error: "must be a GitHub owner (user or organisation), e.g. 'acme'" })
    .regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/, "must be a GitHub owner (user or organisation), e.g. 'acme'");
const globs = zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_3__/* .string */ .YjP().min(1), { error: 'must be a list of name patterns' });
const MirrorSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({
    source: repoField,
    target: repoField.optional(),
    targets: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(repoField, { error: 'must be a list of repositories' }).min(1).optional(),
    ...PairOptionsShape
})
    .strict()
    .refine(m => (m.target === undefined) !== (m.targets === undefined), {
    message: "needs exactly one of 'target' or 'targets'"
});
const SKIP_KINDS = ['archived', 'forks', 'empty'];
const OwnerSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({
    source: ownerField,
    target: ownerField,
    include: globs.optional(),
    exclude: globs.optional(),
    skip: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(zod__WEBPACK_IMPORTED_MODULE_3__/* ["enum"] */ .k5n(SKIP_KINDS, { error: `must be one of ${SKIP_KINDS.join(', ')}` })).optional(),
    ...PairOptionsShape
})
    .strict();
const FleetConfigSchema = zod__WEBPACK_IMPORTED_MODULE_3__/* .object */ .Ikc({
    defaults: PairOptionsSchema.optional(),
    mirrors: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(MirrorSchema).optional(),
    owners: zod__WEBPACK_IMPORTED_MODULE_3__/* .array */ .YOg(OwnerSchema).optional()
})
    .strict()
    .refine(c => (c.mirrors?.length ?? 0) + (c.owners?.length ?? 0) > 0, {
    message: "lists nothing to mirror: add 'mirrors' or 'owners' entries"
});
/** Inputs as strings, the way the runner passes them: a YAML list becomes one pattern per line. */
function optionInputs(options) {
    const raw = {};
    for (const name of PAIR_OPTION_NAMES) {
        const v = options[name];
        if (v === undefined || name === 'create-targets')
            continue;
        raw[name] = Array.isArray(v) ? v.join('\n') : String(v);
    }
    return raw;
}
/** Only the pair options of an entry, defaults first, so an entry overrides what it names. */
function pairOptions(defaults, entry) {
    const out = {};
    for (const name of PAIR_OPTION_NAMES) {
        const v = entry[name] ?? defaults?.[name];
        if (v !== undefined)
            out[name] = v;
    }
    return out;
}
/** `mirrors[1].targets[0]`, as a user finds it in the file. */
function pathOf(path) {
    return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}
/** A fleet config or fleet input that cannot work as given: the user's to fix (the CLI exits 2). */
class ConfigError extends Error {
    name = 'ConfigError';
}
/** Errors the user fixes by changing what they gave: inputs, flags or the config. */
const isUsageError = (err) => err instanceof _inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz || err instanceof ConfigError;
function issueLine(file, issue) {
    const where = pathOf(issue.path);
    if (issue.code === 'unrecognized_keys') {
        const allowed = where === '' ? 'defaults, mirrors, owners' : undefined;
        return `${file}: ${where ? `${where}: ` : ''}unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map(k => `'${k}'`).join(', ')}${allowed ? ` (allowed: ${allowed})` : ''}`;
    }
    return `${file}: ${where ? `${where}: ` : ''}${issue.message}`;
}
/** Parses and validates a fleet config's text: every problem on its own line, each naming its path. */
function parseConfig(text, file = 'config') {
    let doc;
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(text, { prettyErrors: true });
    }
    catch (err) {
        const e = err;
        const pos = e.linePos?.[0];
        throw new ConfigError(`${file}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`);
    }
    if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
        throw new ConfigError(`${file}: must be a YAML mapping with 'mirrors' and/or 'owners'`);
    const parsed = FleetConfigSchema.safeParse(doc);
    if (!parsed.success)
        throw new ConfigError(parsed.error.issues.map(i => issueLine(file, i)).join('\n'));
    // The per-pair options are the action's inputs: the action's own validation checks them, so a
    // bad pattern reads the same in a config as in a workflow, prefixed with where it is.
    const problems = [];
    const check = (where, options, source = 'o/source', target = 'o/target') => {
        try {
            (0,_inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .parseInputs */ .TL)({ 'source-repo': source, 'target-repo': target, ...optionInputs(options) }, {});
        }
        catch (err) {
            if (!(err instanceof _inputs_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz))
                throw err;
            for (const line of err.message.split('\n'))
                problems.push(`${file}: ${where}: ${line}`);
        }
    };
    const c = parsed.data;
    if (c.defaults)
        check('defaults', c.defaults);
    c.mirrors?.forEach((m, i) => (m.targets ?? [m.target]).forEach((t, j) => check(m.targets ? `mirrors[${i}].targets[${j}]` : `mirrors[${i}]`, pairOptions(c.defaults, m), m.source, t)));
    c.owners?.forEach((o, i) => {
        check(`owners[${i}]`, pairOptions(c.defaults, o));
        if (o.source.toLowerCase() === o.target.toLowerCase())
            problems.push(`${file}: owners[${i}]: source and target are the same owner: nothing to mirror`);
    });
    if (problems.length)
        throw new ConfigError([...new Set(problems)].join('\n'));
    return c;
}
function readConfig(file, shown = file) {
    let text;
    try {
        text = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file, 'utf8');
    }
    catch (err) {
        throw new ConfigError(`config ${shown} could not be read (${err.code ?? 'error'})`);
    }
    return parseConfig(text, shown);
}


/***/ }),

/***/ 26831:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IW: () => (/* binding */ matrixChunks),
/* harmony export */   Nw: () => (/* binding */ isLegReport),
/* harmony export */   W8: () => (/* binding */ LegSchema),
/* harmony export */   vU: () => (/* binding */ chunkOutput),
/* harmony export */   xi: () => (/* binding */ legsOf)
/* harmony export */ });
/* unused harmony exports MAX_LEGS_PER_MATRIX, MAX_OUTPUT_BYTES, MAX_RUN_OUTPUT_BYTES, legReportName */
/* harmony import */ var zod__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50000);
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51896);


/** GitHub runs at most 256 jobs from one matrix; a larger fleet is split into chunks this size. */
const MAX_LEGS_PER_MATRIX = 256;
/** A job output may hold at most 1 MB, and a run's outputs 50 MB in all. */
const MAX_OUTPUT_BYTES = 1024 * 1024;
const MAX_RUN_OUTPUT_BYTES = 50 * 1024 * 1024;
/** One matrix leg: what the mirror step of that job needs (`leg: ${{ toJSON(matrix) }}`). */
const LegSchema = zod__WEBPACK_IMPORTED_MODULE_1__/* .object */ .Ikc({
    /** For the job's name: `name: ${{ matrix.name }}`. */
    name: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP(),
    source: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1),
    target: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().min(1),
    /** This leg's report artifact name, unique in the run; collect finds legs by its pattern. */
    report: zod__WEBPACK_IMPORTED_MODULE_1__/* .string */ .YjP().regex(/^[A-Za-z0-9._ -]{1,100}$/),
    options: _config_js__WEBPACK_IMPORTED_MODULE_0__/* .PairOptionsSchema */ .qD
})
    .strict();
/** The artifact name of leg `index` (0-based): `<prefix>-0001-<source>-to-<target>`, at most 100 characters. */
function legReportName(prefix, index, pair) {
    const slug = (s) => s
        .replace(/^[a-z]+:\/\/[^/]+\//i, '')
        .replace(/\.git$/, '')
        .replace(/[^A-Za-z0-9._-]+/g, '_');
    const head = `${prefix}-${String(index + 1).padStart(4, '0')}`;
    return `${head}-${slug(pair.source)}-to-${slug(pair.target)}`.slice(0, 100).replace(/[ .]+$/, '');
}
/** Whether an artifact name is one of this run's leg reports (and not, say, the combined report). */
function isLegReport(prefix, artifactName) {
    const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`^${escaped}-\\d{4,}(-|$)`).test(artifactName);
}
function legsOf(pairs, prefix) {
    return pairs.map((p, i) => {
        // create-targets was done by the plan; the leg only mirrors.
        const { 'create-targets': _done, ...options } = p.options;
        return {
            name: `${p.source} \u2192 ${p.target}`,
            source: p.source,
            target: p.target,
            report: legReportName(prefix, i, p),
            options
        };
    });
}
/**
 * Legs in chunks GitHub accepts, each a value for `strategy.matrix`: at most 256 legs and under 1 MB
 * of JSON (a job output's limit), in order. A fleet whose chunks together pass a run's 50 MB of
 * outputs cannot be planned in one run.
 */
function matrixChunks(legs) {
    const chunks = [];
    const empty = Buffer.byteLength(JSON.stringify({ include: [] }));
    let bytes = 0;
    let total = 0;
    for (const leg of legs) {
        // A leg's JSON plus the comma before it.
        const size = Buffer.byteLength(JSON.stringify(leg)) + 1;
        if (empty + size >= MAX_OUTPUT_BYTES)
            throw new _config_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`the leg ${leg.name} alone is over GitHub's 1 MB output limit: shorten its options (branches, tags)`);
        const last = chunks.at(-1);
        if (!last || last.include.length === MAX_LEGS_PER_MATRIX || bytes + size >= MAX_OUTPUT_BYTES) {
            chunks.push({ include: [leg] });
            bytes = empty + size;
        }
        else {
            last.include.push(leg);
            bytes += size;
        }
        total += size;
    }
    if (total + chunks.length * empty >= MAX_RUN_OUTPUT_BYTES)
        throw new _config_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(`the fleet's matrix (${legs.length} legs) is over the 50 MB GitHub allows for a run's outputs: split the config into several workflows`);
    return chunks;
}
/** Output names of the chunks: `matrix` for the first, then `matrix-2`, `matrix-3`,   */
const chunkOutput = (n) => (n === 0 ? 'matrix' : `matrix-${n + 1}`);


/***/ }),

/***/ 11195:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  planFleet: () => (/* binding */ planFleet),
  runPlan: () => (/* binding */ runPlan)
});

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/engine.ts + 7 modules
var engine = __webpack_require__(49015);
// EXTERNAL MODULE: ./src/github/octokit.ts
var octokit = __webpack_require__(6702);
// EXTERNAL MODULE: ./src/git/secrets.ts
var secrets = __webpack_require__(93013);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
// EXTERNAL MODULE: ./src/fleet/config.ts
var fleet_config = __webpack_require__(51896);
// EXTERNAL MODULE: ./src/fleet/matrix.ts
var matrix = __webpack_require__(26831);
// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __webpack_require__(14006);
var picomatch_default = /*#__PURE__*/__webpack_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/fleet/discover.ts


/**
 * Every repository of a user or organisation, paginated (100 a page). An organisation is listed
 * with `type=all`; for a user, the token's own account lists private repositories too
 * (`/user/repos`), anyone else's only the public ones. Rate limits are waited out by the client.
 */
async function listOwnerRepos(api, owner) {
    let type;
    try {
        type = (await api.rest.users.getByUsername({ username: owner })).data.type;
    }
    catch (err) {
        if ((0,octokit.statusOf)(err) === 404)
            throw new Error(`owner '${owner}' was not found on this GitHub server`, { cause: err });
        throw err;
    }
    if (type === 'Organization')
        return api.paginate(api.rest.repos.listForOrg, { org: owner, type: 'all', per_page: 100 });
    const self = await api.rest.users.getAuthenticated().then(r => r.data.login, () => undefined);
    if (self?.toLowerCase() === owner.toLowerCase())
        return (await api.paginate(api.rest.repos.listForAuthenticatedUser, { affiliation: 'owner', per_page: 100 })).filter(r => r.owner.login.toLowerCase() === owner.toLowerCase());
    return api.paginate(api.rest.repos.listForUser, { username: owner, type: 'owner', per_page: 100 });
}
/** Applies an owner entry's include/exclude globs and skip kinds to a listing. Pure. */
function filterRepos(repos, entry) {
    const opts = { nocase: true, dot: true };
    const include = picomatch_default()(entry.include?.length ? entry.include : ['*'], opts);
    const exclude = entry.exclude?.length ? picomatch_default()(entry.exclude, opts) : () => false;
    const skip = new Set(entry.skip ?? []);
    const out = { names: [], left: [] };
    for (const r of [...repos].sort((a, b) => a.name.localeCompare(b.name))) {
        const why = !include(r.name)
            ? 'not included'
            : exclude(r.name)
                ? 'excluded'
                : skip.has('archived') && r.archived
                    ? 'archived'
                    : skip.has('forks') && r.fork
                        ? 'a fork'
                        : skip.has('empty') && r.size === 0
                            ? 'empty'
                            : undefined;
        if (why)
            out.left.push({ name: r.name, why });
        else
            out.names.push(r.name);
    }
    return out;
}

;// CONCATENATED MODULE: ./src/fleet/targets.ts


const messageOf = (err) => {
    const status = (0,octokit.statusOf)(err);
    const text = err instanceof Error ? err.message : String(err);
    return status ? `${status} ${text}` : text;
};
/**
 * Creates the GitHub target repositories that do not exist yet: private, empty, with a description
 * naming the source. Each owner is listed once (cheaper than one lookup per repository); a repository
 * that cannot be created is reported for its own pair and the others go on.
 *
 * Permission: creating in an organisation needs a token with `repo` scope (classic), or
 * "Administration: write" on the organisation's repositories (fine-grained token or GitHub App);
 * for a user account only that user's own token can create.
 */
async function createMissingTargets(api, wanted) {
    const out = [];
    const byOwner = new Map();
    for (const t of wanted)
        byOwner.set(t.owner.toLowerCase(), [...(byOwner.get(t.owner.toLowerCase()) ?? []), t]);
    for (const list of byOwner.values()) {
        const owner = list[0].owner;
        let existing;
        let isOrg;
        let self;
        try {
            isOrg = (await api.rest.users.getByUsername({ username: owner })).data.type === 'Organization';
            if (!isOrg)
                self = (await api.rest.users.getAuthenticated().catch(() => undefined))?.data.login;
            existing = new Set((await listOwnerRepos(api, owner)).map(r => r.name.toLowerCase()));
        }
        catch (err) {
            for (const t of list)
                out.push({
                    repo: `${t.owner}/${t.name}`,
                    created: false,
                    error: `could not list ${owner}: ${messageOf(err)}`
                });
            continue;
        }
        for (const t of list) {
            const repo = `${t.owner}/${t.name}`;
            if (existing.has(t.name.toLowerCase())) {
                out.push({ repo, created: false });
                continue;
            }
            // Creating "for the authenticated user" would land in the token's own account, not owner's.
            if (!isOrg && self?.toLowerCase() !== owner.toLowerCase()) {
                out.push({
                    repo,
                    created: false,
                    error: `could not create ${repo}: ${owner} is a user account, and only that user's own token can create repositories there`
                });
                continue;
            }
            const body = {
                name: t.name,
                private: true,
                description: `Mirror of ${t.source} (repo-mirror)`.slice(0, 350),
                has_issues: false,
                has_projects: false,
                has_wiki: false,
                auto_init: false
            };
            try {
                if (isOrg)
                    await api.rest.repos.createInOrg({ org: owner, ...body });
                else
                    await api.rest.repos.createForAuthenticatedUser(body);
                existing.add(t.name.toLowerCase());
                out.push({ repo, created: true });
            }
            catch (err) {
                const hint = (0,octokit.statusOf)(err) === 403 || (0,octokit.statusOf)(err) === 404
                    ? ` (the target token needs permission to create repositories in ${owner}: 'repo' scope, or Administration: write)`
                    : '';
                out.push({ repo, created: false, error: `could not create ${repo}: ${messageOf(err)}${hint}` });
            }
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/fleet/pairs.ts



const key = (repo) => repo
    .toLowerCase()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
const ownerName = (repo) => {
    const m = /^([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9._-]+)$/.exec(repo);
    return m ? { owner: m[1], name: m[2].replace(/\.git$/, '') } : undefined;
};
/**
 * The config's pairs: `mirrors` as listed (one pair per target), then each owner's repositories as
 * the API lists them. An owner that cannot be listed fails the plan (its pairs are unknown); two
 * pairs writing one target are a config error (they would overwrite each other). With
 * create-targets, missing 'owner/name' targets are created; one that cannot be is that pair's
 * problem only.
 */
async function resolvePairs(config, ctx) {
    const pairs = [];
    config.mirrors?.forEach((m, i) => {
        const options = (0,fleet_config/* pairOptions */.BG)(config.defaults, m);
        const targets = m.targets ?? [m.target];
        targets.forEach((target, j) => pairs.push({
            source: m.source,
            target,
            options,
            origin: m.targets ? `mirrors[${i}].targets[${j}]` : `mirrors[${i}]`
        }));
    });
    const unlisted = [];
    for (const [i, o] of (config.owners ?? []).entries()) {
        let listed;
        try {
            listed = await listOwnerRepos(ctx.sourceApi(), o.source);
        }
        catch (err) {
            if ((0,fleet_config/* isUsageError */.mD)(err))
                throw err;
            const problem = `could not list the repositories of ${o.source}: ${err instanceof Error ? err.message : String(err)}`;
            ctx.warning(`owners[${i}]: ${problem}`);
            unlisted.push({ origin: `owners[${i}]`, source: o.source, target: o.target, problem });
            continue;
        }
        const found = filterRepos(listed, o);
        ctx.info(`owners[${i}]: ${o.source} has ${found.names.length + found.left.length} repositories; ${found.names.length} selected`);
        for (const l of found.left)
            ctx.info(`  ${o.source}/${l.name}: left out (${l.why})`);
        const options = (0,fleet_config/* pairOptions */.BG)(config.defaults, o);
        for (const name of found.names)
            pairs.push({
                source: `${o.source}/${name}`,
                target: `${o.target}/${name}`,
                options,
                origin: `owners[${i}]`
            });
    }
    const seen = new Map();
    const clashes = [];
    const unique = [];
    for (const p of pairs) {
        const before = seen.get(key(p.target));
        if (!before) {
            seen.set(key(p.target), p);
            unique.push(p);
        }
        else if (key(before.source) !== key(p.source))
            clashes.push(`${p.origin} and ${before.origin} both mirror into ${p.target} (from ${p.source} and ${before.source}): give each target one source`);
        else
            ctx.info(`${p.origin}: ${p.source} \u2192 ${p.target} is already listed by ${before.origin}`);
    }
    if (clashes.length)
        throw new fleet_config/* ConfigError */.xL(clashes.join('\n'));
    const problems = new Map();
    const toCreate = unique
        .map((p, index) => ({ p, index, id: ownerName(p.target) }))
        .filter(x => x.p.options['create-targets'] && !x.p.options['dry-run'] && x.id);
    if (toCreate.length) {
        const results = await createMissingTargets(ctx.targetApi(), toCreate.map(x => ({ ...x.id, source: x.p.source })));
        toCreate.forEach(x => {
            const r = results.find(c => key(c.repo) === key(`${x.id.owner}/${x.id.name}`));
            if (r?.created)
                ctx.info(`created ${r.repo} (private) for ${x.p.source}`);
            if (r?.error) {
                problems.set(x.index, r.error);
                ctx.warning(`${x.p.source} \u2192 ${x.p.target}: ${r.error}`);
            }
        });
    }
    return { pairs: unique, problems, unlisted };
}

;// CONCATENATED MODULE: ./src/fleet/plan-mode.ts









/** Reads the config and resolves its pairs with the given shared options (tokens, API). */
async function planFleet(config, options, log) {
    const needsToken = (which, token) => {
        if (!token)
            throw new fleet_config/* ConfigError */.xL(which === 'source'
                ? "owners need source-token: a token that can list the source owners' repositories"
                : 'create-targets needs target-token: a token that can create repositories in the target owners');
        (0,secrets/* registerSecret */.cl)(token);
        return (0,octokit.tokenClient)(options.apiUrl, token, options.retries);
    };
    return resolvePairs(config, {
        sourceApi: () => needsToken('source', options.sourceToken),
        targetApi: () => needsToken('target', options.targetToken),
        info: log.info,
        warning: log.warning
    });
}
/**
 * mode: plan   the config's pairs as `strategy.matrix` values. Output `matrix` holds the first 256
 * legs, `matrix-2`, `matrix-3`,   the next chunks; `chunks` and `legs` say how many there are.
 */
async function runPlan(raw, env) {
    try {
        const options = (0,inputs/* parseSharedInputs */.i_)(raw, env);
        if (options.app)
            throw new fleet_config/* ConfigError */.xL("mode 'plan' reads the API with source-token/target-token: mint an App token first (actions/create-github-app-token, see examples/fleet.yml) and pass it there");
        const file = raw.config?.trim();
        if (!file)
            throw new fleet_config/* ConfigError */.xL("mode 'plan' needs config: the path of the fleet's YAML file");
        const resolved = await runner/* group */.Os('Plan', () => planFleet((0,fleet_config/* readConfig */.Xg)(external_node_path_default().resolve(env.GITHUB_WORKSPACE || '.', file), file), options, {
            info: runner/* info */.pq,
            warning: runner/* warning */.$e
        }));
        // A plan with unknown pairs would let collect report a fleet as whole when it is not.
        if (resolved.unlisted.length)
            throw new Error(resolved.unlisted.map(u => `${u.origin}: ${u.problem}`).join('\n'));
        const legs = (0,matrix/* legsOf */.xi)(resolved.pairs, options.reportName);
        const chunks = (0,matrix/* matrixChunks */.IW)(legs);
        chunks.forEach((c, i) => runner/* setOutput */.uH((0,matrix/* chunkOutput */.vU)(i), JSON.stringify(c)));
        runner/* setOutput */.uH('chunks', String(chunks.length));
        runner/* setOutput */.uH('legs', String(legs.length));
        if (legs.length === 0)
            runner/* warning */.$e('the config resolves to no pair: there is nothing to mirror');
        runner/* info */.pq(`${legs.length} legs in ${chunks.length} chunk${chunks.length === 1 ? '' : 's'} (at most 256 legs per matrix)`);
        for (const l of legs)
            runner/* info */.pq(`  ${l.report}: ${l.name}`);
        if (env.GITHUB_STEP_SUMMARY)
            runner/* appendSummary */.fe(`## \ud83d\uddfa\ufe0f Fleet plan: ${legs.length} pairs in ${chunks.length} matrix chunk${chunks.length === 1 ? '' : 's'}\n`);
        return legs;
    }
    catch (err) {
        runner/* setFailed */.C1((0,engine/* messageOf */.b)(err));
        return undefined;
    }
}


/***/ }),

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
