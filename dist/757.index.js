export const id = 757;
export const ids = [757];
export const modules = {

/***/ 98757:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCollect: () => (/* binding */ runCollect),
  writeFleetReport: () => (/* binding */ writeFleetReport)
});

// EXTERNAL MODULE: ./src/runner.ts
var runner = __webpack_require__(74813);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
var external_node_os_default = /*#__PURE__*/__webpack_require__.n(external_node_os_);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
var external_node_path_default = /*#__PURE__*/__webpack_require__.n(external_node_path_);
// EXTERNAL MODULE: ./src/engine.ts + 7 modules
var engine = __webpack_require__(49015);
// EXTERNAL MODULE: ./src/git/secrets.ts
var secrets = __webpack_require__(93013);
// EXTERNAL MODULE: ./src/inputs.ts
var inputs = __webpack_require__(38422);
// EXTERNAL MODULE: ./src/fleet/config.ts
var config = __webpack_require__(51896);
// EXTERNAL MODULE: ./src/report/artifact.ts
var artifact = __webpack_require__(80954);
// EXTERNAL MODULE: ./src/report/schema.ts + 2 modules
var schema = __webpack_require__(42921);
// EXTERNAL MODULE: ./src/fleet/matrix.ts
var matrix = __webpack_require__(26831);
;// CONCATENATED MODULE: ./src/fleet/pool.ts
/**
 * Runs fn over items with at most `limit` at a time; results keep the items' order. fn must not
 * throw for one item to leave the others running: callers turn failures into results.
 */
async function pool(items, limit, fn) {
    const out = new Array(items.length);
    let next = 0;
    const worker = async () => {
        while (next < items.length) {
            const i = next++;
            out[i] = await fn(items[i], i);
        }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
    return out;
}

// EXTERNAL MODULE: ./node_modules/zod/v4/classic/schemas.js + 6 modules
var schemas = __webpack_require__(50000);
;// CONCATENATED MODULE: ./src/fleet/report.ts


/** One pair's line in the fleet report. `missing`: a leg that left no readable report. */
const PairResultSchema = schemas/* object */.Ikc({
    source: schemas/* string */.YjP(),
    target: schemas/* string */.YjP(),
    result: schemas/* union */.KCZ([schema/* VerdictSchema */.jp, schemas/* literal */.euz('missing')]),
    /** Refs written (or, in a dry run, planned), refs that failed, conflicts held back. */
    updated: schemas/* number */.aig().int(),
    failed: schemas/* number */.aig().int(),
    conflicts: schemas/* number */.aig().int(),
    /** The run-stopping error, else the first failed ref's message; null when all went well. */
    problem: schemas/* string */.YjP().nullable(),
    /** Where this pair's own report is: an artifact name (matrix) or nothing (CLI, in `reports`). */
    report: schemas/* string */.YjP().nullable(),
    /** The report artifact's page, when GitHub has one. */
    reportUrl: schemas/* string */.YjP().nullable(),
    /** The target repository's web page, when it is on GitHub. */
    targetUrl: schemas/* string */.YjP().nullable()
});
const FleetReportSchema = schemas/* object */.Ikc({
    schemaVersion: schemas/* literal */.euz(1),
    kind: schemas/* literal */.euz('fleet'),
    result: schema/* VerdictSchema */.jp,
    counts: schemas/* object */.Ikc({
        pairs: schemas/* number */.aig().int(),
        failed: schemas/* number */.aig().int(),
        missing: schemas/* number */.aig().int(),
        conflicts: schemas/* number */.aig().int(),
        held: schemas/* number */.aig().int(),
        dryRun: schemas/* number */.aig().int(),
        synced: schemas/* number */.aig().int(),
        inSync: schemas/* number */.aig().int()
    }),
    /** Worst first: failed, missing, conflicts, held, dry-run, synced, in-sync. */
    pairs: schemas/* array */.YOg(PairResultSchema),
    /** Every pair's full report. */
    reports: schemas/* array */.YOg(schema/* SyncReportSchema */.NV)
});
const ORDER = {
    failed: 0,
    missing: 1,
    conflicts: 2,
    held: 3,
    'dry-run': 4,
    synced: 5,
    'in-sync': 6
};
/** One pair's line from its report. */
function pairResult(r, where = {}) {
    const c = r.counts;
    const firstFailed = r.refs.find(x => x.result === 'rejected' || x.result === 'failed');
    const firstSkipped = r.refs.find(x => x.result === 'skipped');
    return {
        source: r.source.repo,
        target: r.target.repo,
        result: r.result,
        updated: r.dryRun ? c.planned : c.updated,
        failed: c.failed,
        conflicts: c.conflicts,
        problem: r.error ??
            (firstFailed ? `${firstFailed.ref}: ${firstFailed.message}` : null) ??
            (firstSkipped ? `${firstSkipped.ref}: ${firstSkipped.message}` : null),
        report: where.report ?? null,
        reportUrl: where.reportUrl ?? null,
        targetUrl: r.target.webUrl
    };
}
/** A pair with no report to read (its leg crashed, or its artifact is unreadable). */
function missingPair(source, target, problem, report = null) {
    return {
        source,
        target,
        result: 'missing',
        updated: 0,
        failed: 0,
        conflicts: 0,
        problem,
        report,
        reportUrl: null,
        targetUrl: null
    };
}
/** The fleet's one report: counts, the verdict (worst pair wins) and every pair, worst first. */
function fleetReport(pairs, reports) {
    const n = (r) => pairs.filter(p => p.result === r).length;
    const counts = {
        pairs: pairs.length,
        failed: n('failed'),
        missing: n('missing'),
        conflicts: n('conflicts'),
        held: n('held'),
        dryRun: n('dry-run'),
        synced: n('synced'),
        inSync: n('in-sync')
    };
    // The worst pair decides; a pair without a report is a failure.
    const result = counts.missing > 0
        ? 'failed'
        : (['failed', 'conflicts', 'held', 'dry-run', 'synced'].find(r => n(r) > 0) ?? 'in-sync');
    const sorted = [...pairs].sort((a, b) => ORDER[a.result] - ORDER[b.result] ||
        a.source.localeCompare(b.source) ||
        a.target.localeCompare(b.target));
    return FleetReportSchema.parse({ schemaVersion: 1, kind: 'fleet', result, counts, pairs: sorted, reports });
}
/** Exit status of a fleet: 0 when every pair is synced, in sync or planned; 1 otherwise. */
const fleetFailed = (f) => f.result === 'failed' || f.result === 'conflicts';

// EXTERNAL MODULE: ./src/report/summary.ts + 1 modules
var summary = __webpack_require__(53701);
;// CONCATENATED MODULE: ./src/fleet/summary.ts

const ICON = {
    failed: '\u274c',
    missing: '\u274c',
    conflicts: '\u26a0\ufe0f',
    held: '\u23f8\ufe0f',
    'dry-run': '\ud83d\udcdd',
    synced: '\u2705',
    'in-sync': '\u2705'
};
const LABEL = {
    failed: 'failed',
    missing: 'no report',
    conflicts: 'conflicts',
    held: 'held (workflows)',
    'dry-run': 'dry run',
    synced: 'synced',
    'in-sync': 'in sync'
};
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
function fleetHeadline(f) {
    const c = f.counts;
    const bad = c.failed + c.missing;
    if (bad)
        return `${plural(bad, 'pair')} of ${c.pairs} failed`;
    if (c.conflicts)
        return `${plural(c.conflicts, 'pair')} of ${c.pairs} held back by conflicts`;
    if (c.held)
        return `${plural(c.held, 'pair')} of ${c.pairs} held workflow changes back`;
    if (c.dryRun)
        return `dry run: ${plural(c.pairs, 'pair')} planned`;
    return `${plural(c.pairs, 'pair')} mirrored`;
}
/** `3 failed, 1 conflicts, 40 synced, 6 in sync`: only the non-zero counts. */
function fleetCounts(f) {
    const c = f.counts;
    const parts = [
        [c.failed, 'failed'],
        [c.missing, 'without a report'],
        [c.conflicts, 'with conflicts'],
        [c.held, 'with held workflow changes'],
        [c.dryRun, 'dry run'],
        [c.synced, 'synced'],
        [c.inSync, 'in sync']
    ];
    return parts
        .filter(([n]) => n > 0)
        .map(([n, s]) => `${n} ${s}`)
        .join(', ');
}
const summary_link = (label, url) => (url ? `[${(0,summary/* text */.Qq)(label)}](${url})` : (0,summary/* code */.aY)(label));
const cell = (s) => (0,summary/* text */.Qq)(s).replace(/\|/g, '\\|');
/**
 * The fleet's job summary: headline, counts, then one row per pair, worst first, with links to the
 * target and to the pair's own report. Remote text (error messages) is escaped; the table is capped
 * so the summary stays under GitHub's 1 MiB per step.
 */
function renderFleetSummary(f, combinedName) {
    const icon = ICON[f.result];
    const lines = [`## ${icon} Fleet: ${fleetHeadline(f)}`, '', fleetCounts(f), ''];
    lines.push('| | source | target | result | refs updated | failed | conflicts | report | problem |');
    lines.push('|---|---|---|---|---:|---:|---:|---|---|');
    let shown = 0;
    for (const p of f.pairs) {
        if (shown === summary/* MAX_TABLE_ROWS */.I4 || Buffer.byteLength(lines.join('\n')) > summary/* SUMMARY_BUDGET_BYTES */.Xb)
            break;
        lines.push([
            '',
            ICON[p.result],
            (0,summary/* code */.aY)(p.source).replace(/\|/g, '\\|'),
            summary_link(p.target, p.targetUrl).replace(/\|/g, '\\|'),
            LABEL[p.result],
            String(p.updated),
            String(p.failed),
            String(p.conflicts),
            p.report ? summary_link(p.report, p.reportUrl) : '',
            p.problem ? cell(p.problem.slice(0, 300)) : '',
            ''
        ]
            .join(' | ')
            .trim());
        shown++;
    }
    if (shown < f.pairs.length)
        lines.push('', `\u2026and ${f.pairs.length - shown} more pairs: see the ${(0,summary/* code */.aY)(combinedName)} artifact.`);
    lines.push('', `Every pair's full report is in the ${(0,summary/* code */.aY)(combinedName)} artifact.`);
    return lines.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./src/fleet/collect-mode.ts














/** Writes the combined report next to the single-pair reports and returns its path. */
function writeFleetReport(fleet, name, env) {
    const dir = external_node_path_default().join(env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'repo-mirror-report');
    (0,external_node_fs_.mkdirSync)(dir, { recursive: true });
    const file = external_node_path_default().join(dir, `${name}.json`);
    (0,external_node_fs_.writeFileSync)(file, (0,secrets/* scrub */._I)(JSON.stringify(fleet, null, 2)) + '\n');
    return file;
}
/** The leg number in `<prefix>-0007- `, to tell which legs left no report. */
const legNumber = (prefix, name) => Number(name.slice(prefix.length + 1).split('-')[0]);
/**
 * mode: collect   in a job that `needs` the legs: reads every leg report artifact of this run
 * (found by the plan's naming pattern), writes one fleet summary and uploads the combined report
 * as `<report-name>-fleet`. Fails when any pair failed, had conflicts or left no report.
 */
async function runCollect(raw, env) {
    try {
        const options = (0,inputs/* parseSharedInputs */.i_)(raw, env);
        const prefix = options.reportName;
        const combined = `${prefix}-fleet`;
        if (!env.ACTIONS_RUNTIME_TOKEN || !env.ACTIONS_RESULTS_URL)
            throw new config/* ConfigError */.xL("mode 'collect' runs in a workflow job: it reads this run's artifacts, and there is no Actions runtime here");
        const { DefaultArtifactClient } = await Promise.all(/* import() */[__webpack_require__.e(720), __webpack_require__.e(30)]).then(__webpack_require__.bind(__webpack_require__, 40030));
        const client = new DefaultArtifactClient();
        const fleet = await runner/* group */.Os('Collect', async () => {
            const { artifacts } = await client.listArtifacts({ latest: true });
            const legs = artifacts
                .filter(a => (0,matrix/* isLegReport */.Nw)(prefix, a.name))
                .sort((a, b) => a.name.localeCompare(b.name));
            runner/* info */.pq(`${legs.length} leg reports in this run (of ${artifacts.length} artifacts)`);
            const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
                ? `${env.GITHUB_SERVER_URL.replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
                : undefined;
            const scratch = (0,external_node_fs_.mkdtempSync)(external_node_path_default().join(env.RUNNER_TEMP || external_node_os_default().tmpdir(), 'repo-mirror-collect-'));
            try {
                const read = await pool(legs, 8, async (a) => {
                    const where = { report: a.name, reportUrl: runUrl ? `${runUrl}/artifacts/${a.id}` : null };
                    try {
                        const dir = external_node_path_default().join(scratch, String(a.id));
                        await client.downloadArtifact(a.id, { path: dir });
                        const json = (0,external_node_fs_.readdirSync)(dir).find(f => f.endsWith('.json'));
                        if (!json)
                            throw new Error('the artifact holds no .json report');
                        const report = schema/* SyncReportSchema */.NV.parse(JSON.parse((0,external_node_fs_.readFileSync)(external_node_path_default().join(dir, json), 'utf8')));
                        return { pair: pairResult(report, where), report };
                    }
                    catch (err) {
                        return {
                            pair: { ...missingPair(a.name, '\u2014', `report unreadable: ${(0,engine/* messageOf */.b)(err)}`, a.name), ...where }
                        };
                    }
                });
                const pairs = read.map(r => r.pair);
                // Validated with the other inputs (a whole number); blank means "not told".
                const expected = raw.legs?.trim() ? Number(raw.legs) : undefined;
                if (expected !== undefined) {
                    const seen = new Set(legs.map(a => legNumber(prefix, a.name)));
                    for (let n = 1; n <= expected; n++)
                        if (!seen.has(n))
                            pairs.push(missingPair(`leg ${n}`, '\u2014', `leg ${n} of ${expected} uploaded no report: see that job's log`));
                }
                if (pairs.length === 0)
                    throw new Error(`no leg report named '${prefix}-NNNN-\u2026' in this run: run the legs (mode: mirror with leg) in a job this one needs, with the same report-name`);
                return fleetReport(pairs, read.flatMap(r => (r.report ? [r.report] : [])));
            }
            finally {
                (0,external_node_fs_.rmSync)(scratch, { recursive: true, force: true });
            }
        });
        const file = writeFleetReport(fleet, combined, env);
        runner/* setOutput */.uH('result', fleet.result);
        runner/* setOutput */.uH('report-path', file);
        if (env.GITHUB_STEP_SUMMARY)
            runner/* appendSummary */.fe((0,secrets/* scrub */._I)(renderFleetSummary(fleet, combined)));
        await (0,artifact/* uploadReport */.a)(file, combined, options.retentionDays);
        const summary = `fleet: ${fleetHeadline(fleet)} (${fleetCounts(fleet)})`;
        if (fleetFailed(fleet)) {
            const bad = fleet.pairs.filter(p => ['failed', 'missing', 'conflicts'].includes(p.result));
            runner/* setFailed */.C1((0,secrets/* scrub */._I)([
                summary,
                ...bad.slice(0, 20).map(p => `${p.source} \u2192 ${p.target}: ${p.result}: ${p.problem ?? ''}`)
            ].join('\n')));
        }
        else
            runner/* info */.pq(summary);
        return fleet;
    }
    catch (err) {
        runner/* setOutput */.uH('result', 'failed');
        runner/* setFailed */.C1((0,engine/* messageOf */.b)(err));
        return undefined;
    }
}


/***/ }),

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


/***/ })

};
