export const id = 732;
export const ids = [732];
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

/***/ 51732:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   legInputs: () => (/* binding */ legInputs)
/* harmony export */ });
/* harmony import */ var _config_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51896);
/* harmony import */ var _matrix_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(26831);


/**
 * A matrix leg's inputs: the step passes `leg: ${{ toJSON(matrix) }}`, and the pair, its options
 * and its unique report name come from there. What the step sets itself (tokens, App, server) stays.
 */
function legInputs(raw) {
    const text = raw.leg?.trim();
    if (!text)
        return raw;
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        throw new _config_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL("leg is not JSON: pass 'leg: ${{ toJSON(matrix) }}' in a job whose matrix comes from mode: plan");
    }
    const parsed = _matrix_js__WEBPACK_IMPORTED_MODULE_1__/* .LegSchema */ .W8.safeParse(value);
    if (!parsed.success)
        throw new _config_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigError */ .xL(parsed.error.issues
            .map(i => `leg ${(0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .pathOf */ .XM)(i.path) || 'value'}: ${i.message} (pass the matrix from mode: plan unchanged)`)
            .join('\n'));
    const leg = parsed.data;
    return {
        ...raw,
        ...(0,_config_js__WEBPACK_IMPORTED_MODULE_0__/* .optionInputs */ .tW)(leg.options),
        'source-repo': leg.source,
        'target-repo': leg.target,
        'report-name': leg.report
    };
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


/***/ })

};
