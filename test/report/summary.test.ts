import { beforeAll, describe, expect, it } from 'vitest'
import { githubWebUrl } from '../../src/report/links.js'
import type { RefRecord } from '../../src/record.js'
import { allRecords, countRefs, verdict } from '../../src/report/build.js'
import type { SyncReport } from '../../src/report/schema.js'
import {
  MAX_TABLE_ROWS,
  SUMMARY_LIMIT_BYTES,
  code,
  renderSummary,
  shellWord,
  text
} from '../../src/report/summary.js'
import { WEIRD, recordAll, scenarios, type Recorded, type ScenarioName } from './recorded.js'

// Every report here was written by a run of dist/index.js in beforeAll (see recorded.ts); the tests
// only render it, so a snapshot can only freeze what the product really writes. After a change to
// what a run reports: `npm run build`, then `npx vitest run test/report/summary.test.ts -u`, and read the
// diff of __snapshots__/.
let rec: Record<ScenarioName, Recorded>
beforeAll(async () => {
  rec = await recordAll()
}, 240_000)

const render = (r: SyncReport) => renderSummary(r, 'sync-report')
const tableRows = (md: string) => md.split('\n').filter(l => l.startsWith('| `'))
const refIn = (name: ScenarioName, ref: string) => allRecords(rec[name].report).find(r => r.ref === ref)!

/** A report of the given records, up-to-date ones kept as ids, counted and judged as a run would. */
function withRefs(base: SyncReport, records: RefRecord[], over: Partial<SyncReport> = {}): SyncReport {
  const isUpToDate = (r: RefRecord) => r.status === 'up-to-date' && r.result === 'unchanged'
  const refs = records.filter(r => !isUpToDate(r))
  const upToDate = Object.fromEntries(records.filter(isUpToDate).map(r => [r.ref, r.targetAfter!]))
  const counts = countRefs(refs, Object.keys(upToDate).length)
  return { ...base, refs, upToDate, counts, result: verdict(counts, base.dryRun, base.error), ...over }
}

/** Copies of real records under new names: what a large mirror's report holds. */
function renamed(template: RefRecord, ref: string): RefRecord {
  return { ...template, ref, name: ref.replace(/^refs\/(heads|tags)\//, '') }
}

describe('job summary snapshots', () => {
  for (const name of Object.keys(scenarios) as ScenarioName[]) {
    it(`renders the ${name} scenario`, async () => {
      await expect(render(rec[name].report)).toMatchFileSnapshot(`__snapshots__/summary-${name}.md`)
    })
  }

  it('the summary each run wrote is the one rendered from its own report', () => {
    for (const { run } of Object.values(rec))
      expect(run.summary.trimEnd()).toBe(render(run.report!).trimEnd())
  })
})

describe('job summary content', () => {
  it('starts with exactly one status icon in the headline, matching the verdict', () => {
    const icons: Record<ScenarioName, [string, string]> = {
      'in-sync': ['in-sync', '✅'],
      synced: ['synced', '✅'],
      conflicts: ['conflicts', '⚠️'],
      'dry-run': ['dry-run', '🔍'],
      'lease-moved': ['failed', '❌'],
      'push-failed': ['failed', '❌'],
      'failed-early': ['failed', '❌'],
      github: ['failed', '❌'],
      'hook-declined': ['failed', '❌']
    }
    for (const [name, [result, icon]] of Object.entries(icons)) {
      const { run, report } = rec[name as ScenarioName]
      expect(run.outputs.result, name).toBe(result)
      const first = render(report).split('\n')[0]!
      expect(first.startsWith(`## ${icon} `), `${name}: ${first}`).toBe(true)
      expect(first.match(/[✅⚠🔍❌]/gu), first).toHaveLength(1)
    }
  })

  it('links commits and compare ranges on a GitHub server, and nothing when the remote is not GitHub', () => {
    const md = render(rec.github.report)
    const develop = refIn('github', 'refs/heads/develop')
    const web = 'http://git.test/octo-dst/dst'
    expect(md).toContain(`[\`${develop.targetBefore!.slice(0, 7)}\`](${web}/commit/${develop.targetBefore})`)
    expect(md).toContain(`[diff](${web}/compare/${develop.targetBefore}...${develop.targetAfter})`)
    expect(md).toContain(
      '**Source** [octo-src/src](http://git.test/octo-src/src) → **Target** [octo-dst/dst](http://git.test/octo-dst/dst)'
    )
    const plain = render(rec['dry-run'].report)
    expect(plain).not.toMatch(/\]\(http/)
    expect(plain).toContain('**Source** `http://git.test/src.git` → **Target** `http://git.test/dst.git`')
  })

  it('has one column per count, and every ref in exactly one column', () => {
    const header =
      '| created | fast-forwarded | forced (backed up) | pruned (backed up) | up to date | kept (target only) | skipped (conflict) | held (workflows) | failed |'
    expect(render(rec.synced.report)).toContain(header)
    // main, hotfix and tag v2.0.0 forced; vendor-patches pruned; develop behind; two new refs.
    expect(render(rec.synced.report)).toContain('| 2 | 1 | 3 | 1 | 1 | 0 | 0 | 0 | 0 |')
    expect(render(rec.conflicts.report)).toContain('| 2 | 1 | 0 | 0 | 1 | 1 | 3 | 0 | 0 |')
    // github: docs created, develop fast-forwarded, ci held, main refused as protected.
    expect(render(rec.github.report)).toContain('| 1 | 1 | 0 | 0 | 0 | 0 | 0 | 1 | 1 |')
    for (const { report } of Object.values(rec))
      expect(allRecords(report)).toHaveLength(report.counts.selected)
  })

  it('tells exactly how to resolve each diverged ref: inputs to force, git commands to keep the target, or exclusion', () => {
    const md = render(rec.conflicts.report)
    expect(md).toContain('### What to do')
    expect(md).toContain(
      ['force: true', 'branches: |', '  hotfix', '  main', 'tags: |', '  v2.0.0']
        .map(l => `   ${l}`)
        .join('\n')
    )
    const dst = 'http://git.test/dst.git'
    expect(md).toContain(
      `git fetch ${dst} refs/heads/main && git switch main && git merge FETCH_HEAD && git push origin main`
    )
    expect(md).toContain('git merge --ff-only FETCH_HEAD && git push origin hotfix')
    expect(md).toContain(
      `git fetch ${dst} refs/tags/v2.0.0 && git push --force origin FETCH_HEAD:refs/tags/v2.0.0`
    )
    expect(md).toContain('add `!hotfix`, `!main` to `branches` and `!v2.0.0` to `tags`.')
    expect(render(rec['in-sync'].report)).not.toContain('What to do')
  })

  it('quotes ref names for the shell, escapes them for markdown and the inputs, and escapes what the target said', () => {
    const md = render(rec['hook-declined'].report)
    expect(refIn('hook-declined', `refs/heads/${WEIRD}`).status).toBe('diverged')
    expect(refIn('hook-declined', 'refs/heads/guarded').result).not.toBe('applied')
    expect(md).toContain(`git switch 'x$(id);|\`<b>'`)
    expect(md).toContain('\n     x$\\(id\\);\\|`<b>\n') // literalPattern in the yaml inputs
    expect(md).toContain('| ``heads/x$(id);|`<b>`` |'.replace(';|', ';\\|'))
    expect(md).toContain('add ``!x$\\(id\\);\\|`<b>`` to')
    expect(md).toContain('a \\| b &lt;script&gt;alert(1)&lt;/script&gt; \\*c\\*')
    expect(md).not.toContain('<script>')
    expect(shellWord("it's")).toBe(`'it'\\''s'`)
    expect(code('`a`')).toBe('`` `a` ``')
    expect(text('[x](y) *b*')).toBe('\\[x\\](y) \\*b\\*')
  })

  it('puts unchanged refs in a collapsed <details> and keeps changes in view', () => {
    const md = render(rec.conflicts.report)
    expect(md).toContain('### Changes and problems (6)')
    expect(md).toMatch(
      /<details><summary><b>Unchanged refs \(2\): up to date, or kept<\/b><\/summary>\n\n\| ref \|/
    )
  })
})

describe('job summary limits', () => {
  /** n refs made of the conflicts run's real records: every 10th skipped, 2 in 10 fast-forwarded, … */
  function hugeReport(n: number, nameLength = 20): SyncReport {
    const skipped = refIn('conflicts', 'refs/heads/main')
    const ff = refIn('conflicts', 'refs/heads/develop')
    const tagNew = refIn('conflicts', 'refs/tags/v1.1.0')
    const upToDate = refIn('conflicts', 'refs/tags/v1.0.0')
    const refs = Array.from({ length: n }, (_, i) => {
      const pad = `${'x'.repeat(Math.max(0, nameLength - 12))}-${String(i).padStart(6, '0')}`
      const k = i % 10
      if (k === 0) return renamed(skipped, `refs/heads/b${pad}`)
      if (k < 3) return renamed(ff, `refs/heads/b${pad}`)
      if (k < 5) return renamed(tagNew, `refs/tags/t${pad}`)
      return renamed(upToDate, `refs/tags/t${pad}`)
    })
    return withRefs(rec.conflicts.report, refs)
  }

  it('truncates a huge table worst first, with a note pointing to the artifact', () => {
    const md = render(hugeReport(2_000))
    const rows = tableRows(md)
    expect(rows).toHaveLength(MAX_TABLE_ROWS)
    // 200 skipped (every 10th) come before any applied or unchanged row.
    expect(rows.slice(0, 200).every(l => l.includes('⏭️ skipped'))).toBe(true)
    expect(rows.slice(200).some(l => l.includes('⏭️ skipped'))).toBe(false)
    expect(md).toContain(
      `_Showing ${MAX_TABLE_ROWS} of 2000 refs, worst first; the \`sync-report\` artifact has all of them._`
    )
    expect(md).toContain('<details open><summary><b>Changes and problems (500)</b></summary>')
    expect(md).toContain('# 200 refs: keep your usual branches/tags patterns')
  })

  it('stays under the 1 MiB summary limit with 10,000 refs, even with very long names', () => {
    for (const nameLength of [20, 250, 2_000]) {
      const md = render(hugeReport(10_000, nameLength))
      expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(SUMMARY_LIMIT_BYTES)
      expect(tableRows(md)[0]).toMatch(/^\| `heads\/bx*-000000` \|/)
      expect(md).toMatch(/_Showing \d+ of 10000 refs, worst first/)
    }
  })

  it('caps warnings and survives pathological ref names without passing 1 MiB', () => {
    const refused = refIn('lease-moved', 'refs/heads/main')
    expect(refused.cause?.kind).toBe('lease-moved')
    const refs = Array.from({ length: 40 }, (_, i) =>
      renamed(refused, `refs/heads/${'n'.repeat(60_000)}${i}`)
    )
    const warnings = Array.from({ length: 500 }, (_, i) => `warning number ${i}`)
    const md = render(withRefs(rec['lease-moved'].report, refs, { warnings }))
    expect(Buffer.byteLength(md, 'utf8')).toBeLessThan(SUMMARY_LIMIT_BYTES)
    expect(md).toContain('> ⚠️ warning number 19\n> …and 480 more warnings in the `sync-report` artifact')
    expect(md).not.toContain('warning number 20')
    expect(md.startsWith('## ❌ Failed: 40 refs could not be written')).toBe(true)
    // 30 names of 60 kB in "What to do" alone pass the budget: the last-resort cut kicks in.
    expect(md).toMatch(
      /_The summary was cut to fit GitHub's 1 MiB limit; the `sync-report` artifact has the full report._\n$/
    )
  })
})

describe('githubWebUrl', () => {
  it('knows GitHub remotes and nothing else', () => {
    expect(
      githubWebUrl({
        url: 'https://ghe.example.com/a/b.git',
        githubRepo: 'a/b',
        serverUrl: 'https://ghe.example.com/'
      })
    ).toBe('https://ghe.example.com/a/b')
    expect(githubWebUrl({ url: 'https://github.com/acme/repo.git' })).toBe('https://github.com/acme/repo')
    expect(githubWebUrl({ url: 'https://octo.ghe.com/acme/repo' })).toBe('https://octo.ghe.com/acme/repo')
    expect(githubWebUrl({ url: 'https://gitlab.com/acme/repo.git' })).toBeNull()
    expect(githubWebUrl({ url: 'https://github.com/acme/repo/extra.git' })).toBeNull()
    expect(githubWebUrl({ url: 'http://127.0.0.1:4000/src.git' })).toBeNull()
    expect(githubWebUrl({ url: null })).toBeNull()
  })
})
