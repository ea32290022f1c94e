export const id = 301;
export const ids = [301];
export const modules = {

/***/ 68301:
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
;// CONCATENATED MODULE: ./src/report/markdown.ts
// Whitespace other than the plain space, zero-width and direction marks: legal in ref names and
// server text, but they hide or reorder what a reader sees (a U+2028 looks like a line break).
const INVISIBLE = /[\u0085\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff]/g;
/** Shows invisible and look-alike whitespace as `\u{2028}`, so every name reads as what it is. */
function visible(s) {
    return s.replace(INVISIBLE, c => `\\u{${c.codePointAt(0).toString(16)}}`);
}
// A zero-width space as an HTML entity, placed where it breaks an autolink or a mention but not
// the text a reader sees.
const BREAK = '&#8203;';
/**
 * Plain text in markdown: nothing in it may open a link, HTML, code or a table cell, and nothing in
 * it becomes a link or a notification: GitHub turns bare URLs, www. hosts, e-mail addresses and
 * @mentions in plain text into links and pings, and remote text (server messages, ref names) is the
 * attacker's.
 */
function markdown_text(s) {
    return visible(s)
        .replace(/\r?\n/g, ' ')
        .replace(/[\\`*_[\]<>|#~]/g, c => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : `\\${c}`))
        .replace(/([a-z][a-z0-9+.-]*):\/\//gi, `$1:/${BREAK}/`)
        .replace(/\bwww\./gi, `www${BREAK}.`)
        .replace(/@(?=[A-Za-z0-9])/g, `@${BREAK}`);
}
/** An inline code span that survives any backticks in the value. */
function code(s) {
    const v = visible(s);
    const runs = v.match(/`+/g) ?? [];
    const fence = '`'.repeat(Math.max(0, ...runs.map(r => r.length)) + 1);
    const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${v.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}
/** A code span inside a table cell: GFM splits cells on | before it reads code spans. */
const cellCode = (s) => code(s).replace(/\|/g, '\\|');
/** A fenced block whose fence is longer than any backtick run inside. */
function fenced(lang, body) {
    const longest = Math.max(0, ...(body.join('\n').match(/`+/g) ?? []).map(r => r.length));
    const fence = '`'.repeat(Math.max(3, longest + 1));
    return [`${fence}${lang}`, ...body, fence];
}
/**
 * Quotes a word for a POSIX shell only when it needs it; ref names may hold $ ; & ' and more. A
 * name with characters outside printable ASCII (git allows U+2028, NBSP ) is written with
 * dollar-single-quotes and \\xHH UTF-8 bytes, so the command is exact and nothing invisible is shown.
 */
function shellWord(s) {
    if (/^[A-Za-z0-9._/@%+=:,-]+$/.test(s))
        return s;
    if (/^[\x20-\x7e]*$/.test(s))
        return `'${s.replace(/'/g, `'\\''`)}'`;
    const body = [...Buffer.from(s, 'utf8')]
        .map(b => b === 0x5c
        ? '\\\\'
        : b === 0x27
            ? "\\'"
            : b >= 0x20 && b <= 0x7e
                ? String.fromCharCode(b)
                : `\\x${b.toString(16).padStart(2, '0')}`)
        .join('');
    return `$'${body}'`;
}
/**
 * A YAML value for a list of lines: a literal block when every line is printable ASCII, else one
 * double-quoted scalar with escapes, so a name with invisible characters stays exact and visible.
 */
function yamlLines(key, lines) {
    if (!lines.length)
        return [`${key}: ''`];
    if (lines.every(l => /^[\x20-\x7e]*$/.test(l)))
        return [`${key}: |`, ...lines.map(x => `  ${x}`)];
    const esc = (l) => [...l]
        .map(c => {
        const cp = c.codePointAt(0);
        if (c === '\\' || c === '"')
            return `\\${c}`;
        if (cp >= 0x20 && cp <= 0x7e)
            return c;
        return cp > 0xffff
            ? `\\U${cp.toString(16).padStart(8, '0')}`
            : `\\u${cp.toString(16).padStart(4, '0')}`;
    })
        .join('');
    return [`${key}: "${lines.map(esc).join('\\n')}"`];
}
const shortSha = (sha) => sha.slice(0, 7);
function commit(remote, sha) {
    if (!sha)
        return '\u2014';
    return remote.webUrl ? `[${code(shortSha(sha))}](${remote.webUrl}/commit/${sha})` : code(shortSha(sha));
}

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
        `**repo-mirror** does not update ${code(u.name)} directly: ${why}. This pull request proposes the source's tip from ${code(head)} instead; every mirror run keeps it current.`,
        '',
        `- **Source**: ${source.webUrl ? `[${markdown_text(source.repo)}](${source.webUrl})` : code(source.repo)} ${code(u.name)} at ${commit(source, u.sourceSha)}`,
        `- **Target ${code(u.name)}**: ${plural(u.ahead ?? 0, 'commit')} ahead of the source, ${u.behind ?? 0} behind`,
        ''
    ];
    const inc = u.incoming;
    if (inc && inc.total > 0) {
        out.push(`### Incoming commits (${inc.total})`, '');
        const shown = inc.commits.slice(0, MAX_BODY_COMMITS);
        for (const c of shown)
            out.push(`- ${commit(source, c.sha)} ${markdown_text(c.subject)} \u2014 ${markdown_text(c.author)}, ${markdown_text(c.date)}`);
        if (inc.total > shown.length)
            out.push(`- \u2026and ${inc.total - shown.length} more`);
        out.push('');
    }
    out.push(`Merge it to bring the source's commits into ${code(u.name)}. Once the branch holds the source's tip, the next run closes this pull request if it is still open.`);
    const run = runLink(env);
    if (run)
        out.push('', `<sub>Updated by [run ${markdown_text(env.GITHUB_RUN_ID ?? '')}](${run})</sub>`);
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
