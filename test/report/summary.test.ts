import { describe, expect, it } from 'vitest'
import { githubWebUrl } from '../../src/report/links.js'
import {
  MAX_TABLE_ROWS,
  SUMMARY_LIMIT_BYTES,
  code,
  renderSummary,
  shellWord,
  text
} from '../../src/report/summary.js'
import { hugeReport, ref, report, scenarios, sha } from './fixtures.js'

const render = (r: ReturnType<typeof report>) => renderSummary(r, 'sync-report')
const tableRows = (md: string) => md.split('\n').filter(l => l.startsWith('| `'))

describe('job summary snapshots', () => {
  for (const [name, make] of Object.entries(scenarios)) {
    it(`renders the ${name} scenario`, async () => {
      await expect(render(make())).toMatchFileSnapshot(`__snapshots__/summary-${name}.md`)
    })
  }
})

describe('job summary content', () => {
  it('starts with exactly one status icon in the headline, matching the verdict', () => {
    const icons: Record<string, string> = {
      'in-sync': '✅',
      synced: '✅',
      conflicts: '⚠️',
      'dry-run': '🔍',
      failed: '❌',
      'failed-early': '❌'
    }
    for (const [name, make] of Object.entries(scenarios)) {
      const first = render(make()).split('\n')[0]!
      expect(first.startsWith(`## ${icons[name]} `), `${name}: ${first}`).toBe(true)
      expect(first.match(/[✅⚠🔍❌]/gu), first).toHaveLength(1)
    }
  })

  it('links commits and compare ranges on GitHub, and nothing when the remote is not GitHub', () => {
    const md = render(scenarios.synced())
    const before = sha('refs/heads/main@target')
    const after = sha('refs/heads/main@source')
    expect(md).toContain(
      `[\`${before.slice(0, 7)}\`](https://github.com/acme-mirror/upstream/commit/${before})`
    )
    expect(md).toContain(`[diff](https://github.com/acme-mirror/upstream/compare/${before}...${after})`)
    expect(md).toContain(
      '**Source** [acme/upstream](https://github.com/acme/upstream) → **Target** [acme-mirror/upstream](https://github.com/acme-mirror/upstream)'
    )
    const plain = render(scenarios['dry-run']())
    expect(plain).not.toMatch(/\]\(http/)
    expect(plain).toContain(
      '**Source** `https://git.example.org/team/app.git` → **Target** `/srv/mirrors/app.git`'
    )
  })

  it('has one column per count, and every ref in exactly one column', () => {
    const md = render(scenarios.synced())
    expect(md).toContain(
      '| created | fast-forwarded | forced (backed up) | pruned (backed up) | up to date | kept (target only) | skipped (conflict) | held (workflows) | failed |'
    )
    expect(md).toContain('| 2 | 1 | 1 | 1 | 2 | 0 | 0 | 0 | 0 |')
    expect(render(scenarios.conflicts())).toContain('| 0 | 1 | 0 | 0 | 1 | 1 | 3 | 0 | 0 |')
  })

  it('tells exactly how to resolve each diverged ref: inputs to force, git commands to keep the target, or exclusion', () => {
    const md = render(scenarios.conflicts())
    expect(md).toContain('### What to do')
    expect(md).toContain(
      ['force: true', 'branches: |', '  main', '  hotfix', 'tags: |', '  v2.0.0']
        .map(l => `   ${l}`)
        .join('\n')
    )
    expect(md).toContain(
      'git fetch https://github.com/acme-mirror/upstream.git refs/heads/main && git switch main && git merge FETCH_HEAD && git push origin main'
    )
    expect(md).toContain('git merge --ff-only FETCH_HEAD && git push origin hotfix')
    expect(md).toContain(
      'git fetch https://github.com/acme-mirror/upstream.git refs/tags/v2.0.0 && git push --force origin FETCH_HEAD:refs/tags/v2.0.0'
    )
    expect(md).toContain('add `!main`, `!hotfix` to `branches` and `!v2.0.0` to `tags`.')
    expect(render(scenarios['in-sync']())).not.toContain('What to do')
  })

  it('quotes ref names for the shell and escapes them for markdown and the inputs', () => {
    const r = report([
      ref({
        ref: 'refs/heads/x$(id);*|`<b>',
        status: 'diverged',
        action: 'skip',
        result: 'skipped',
        ahead: 1,
        behind: 1,
        message: 'a | b <script>'
      })
    ])
    const md = render(r)
    expect(md).toContain(`git switch 'x$(id);*|\`<b>'`)
    expect(md).toContain('\n     x$\\(id\\);\\*\\|`<b>\n') // literalPattern in the yaml inputs
    expect(md).toContain('| ``heads/x$(id);*\\|`<b>`` |')
    expect(md).toContain('add ``!x$\\(id\\);\\*\\|`<b>`` to')
    expect(md).toContain('a \\| b &lt;script&gt;')
    expect(md).not.toContain('<script>')
    expect(shellWord("it's")).toBe(`'it'\\''s'`)
    expect(code('`a`')).toBe('`` `a` ``')
    expect(text('[x](y) *b*')).toBe('\\[x\\](y) \\*b\\*')
  })

  it('puts unchanged refs in a collapsed <details> and keeps changes in view', () => {
    const md = render(scenarios.synced())
    expect(md).toContain('### Changes and problems (5)')
    expect(md).toMatch(
      /<details><summary><b>Unchanged refs \(2\): up to date, or kept<\/b><\/summary>\n\n\| ref \|/
    )
  })

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
      const t0 = performance.now()
      const md = render(hugeReport(10_000, nameLength))
      const ms = performance.now() - t0
      const size = Buffer.byteLength(md, 'utf8')
      console.log(
        `10,000 refs, names of ${nameLength} chars: ${size} bytes, ${tableRows(md).length} rows, ${ms.toFixed(0)} ms`
      )
      expect(size).toBeLessThan(SUMMARY_LIMIT_BYTES)
      expect(tableRows(md).length).toBeGreaterThan(0)
      expect(md).toMatch(/_Showing \d+ of 10000 refs, worst first/)
    }
  })
})

describe('job summary limits', () => {
  it('caps warnings and survives pathological ref names without passing 1 MiB', () => {
    const refs = Array.from({ length: 40 }, (_, i) =>
      ref({
        ref: `refs/heads/${'n'.repeat(60_000)}${i}`,
        status: 'fast-forward',
        action: 'update',
        result: 'rejected',
        ahead: 0,
        behind: 1,
        cause: { kind: 'lease-moved', detail: 'stale info' },
        message: 'the target ref moved after analysis, so the lease refused the push'
      })
    )
    const warnings = Array.from({ length: 500 }, (_, i) => `warning number ${i}`)
    const md = render(report(refs, { warnings }))
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
