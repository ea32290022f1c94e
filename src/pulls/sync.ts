import * as core from '../runner.js'
import { apply } from '../apply.js'
import type { Git } from '../git/git.js'
import type { Remote } from '../git/remote.js'
import { statusOf, tokenClient, type Api } from '../github/octokit.js'
import type { Options } from '../inputs.js'
import { plannedWrite } from '../plan.js'
import type { Outcome, PlannedRef, PullOutcome, PullRequestRef } from '../record.js'
import type { RemoteRefs } from '../refs/types.js'
import { githubWebUrl } from '../report/links.js'
import { pullBody, pullTitle } from './body.js'

export interface PullSync {
  git: Git
  source: Remote
  target: Remote
  updates: PlannedRef[]
  outcomes: Map<string, Outcome>
  targetRefs: RemoteRefs
  options: Options
  env: NodeJS.ProcessEnv
}

/** One line that names the fix for a failed pull-request call; never includes a token. */
function explain(err: unknown, what: string): string {
  const status = statusOf(err)
  const detail = err instanceof Error ? err.message.split('\n')[0] : String(err)
  if (status === 403 || status === 401)
    return `${what} was refused (${status}): the target token needs pull-requests: write (a PAT with repo scope, or an App with Pull requests: read & write)`
  if (status === 422) return `${what} was refused (422): ${detail}`
  return `${what} failed: ${detail}`
}

async function findOpen(api: Api, owner: string, repo: string, head: string, base: string) {
  const { data } = await api.rest.pulls.list({
    owner,
    repo,
    state: 'open',
    head: `${owner}:${head}`,
    base,
    per_page: 100
  })
  return data.find(p => p.head.ref === head && p.base.ref === base)
}

/**
 * on-conflict: pull-request. Each branch the plan proposes gets its source tip on its mirror branch
 * (lease-safe) and exactly one open pull request into it: found by its head, created once,
 * updated on every later run. A branch that synced by itself (it now holds the source's tip)
 * gets its open pull request closed with a comment, and its mirror branch deleted with a lease.
 */
export async function syncPullRequests(i: PullSync): Promise<Map<string, PullOutcome>> {
  const { target, updates, options } = i
  const out = new Map<string, PullOutcome>()
  const headOf = (u: PlannedRef) => `${options.pullRequestPrefix}${u.name}`
  const headRef = (u: PlannedRef) => `refs/heads/${headOf(u)}`
  const proposals = updates.filter(u => u.action === 'pull-request')
  const settled = updates.filter(
    u =>
      u.kind === 'branch' &&
      i.targetRefs.refs.has(headRef(u)) &&
      u.action !== 'pull-request' &&
      (u.action === 'none' ? u.status !== 'target-only' : i.outcomes.get(u.ref)?.result === 'applied')
  )
  if (options.dryRun || (proposals.length === 0 && settled.length === 0)) return out
  const [owner, repo] = (target.githubRepo ?? '').split('/') as [string, string]
  if (!target.token)
    throw new Error('on-conflict: pull-request needs a target token that can open pull requests')
  const api = tokenClient(options.apiUrl, target.token, options.retries)
  const source = {
    repo: i.source.display,
    url: i.source.local ? null : i.source.url,
    webUrl: githubWebUrl(i.source)
  }

  // The mirror branches first, in one push, each with a lease on what the listing showed.
  const moves = proposals
    .filter(u => i.targetRefs.refs.get(headRef(u)) !== u.sourceSha)
    .map(u =>
      plannedWrite({
        ref: headRef(u),
        name: headOf(u),
        kind: 'branch',
        status: 'diverged',
        action: 'force-update',
        sourceSha: u.sourceSha,
        targetBefore: i.targetRefs.refs.get(headRef(u)) ?? null,
        message: `mirror branch of ${u.name}`
      })
    )
  const pushed = moves.length
    ? await apply(i.git, target, moves, { retries: options.retries, maxRefsPerPush: options.maxRefsPerPush })
    : new Map<string, Outcome>()

  for (const u of proposals) {
    const head = headOf(u)
    const p = pushed.get(headRef(u))
    if (p && p.result !== 'applied') {
      out.set(u.ref, {
        result: 'failed',
        message: `its mirror branch ${head} could not be written: ${p.message}`
      })
      continue
    }
    try {
      const body = pullBody(u, source, head, i.env)
      const title = pullTitle(u, i.source.display)
      const open = await findOpen(api, owner, repo, head, u.name)
      let pr: PullRequestRef
      if (open) {
        await api.rest.pulls.update({ owner, repo, pull_number: open.number, title, body })
        pr = { number: open.number, url: open.html_url, head, state: 'updated' }
      } else {
        const { data } = await api.rest.pulls.create({
          owner,
          repo,
          head,
          base: u.name,
          title,
          body,
          maintainer_can_modify: false
        })
        pr = { number: data.number, url: data.html_url, head, state: 'created' }
      }
      core.info(`${u.ref}: pull request #${pr.number} ${pr.state} (${pr.url})`)
      out.set(u.ref, {
        result: 'proposed',
        message: `pull request #${pr.number} ${pr.state}`,
        pullRequest: pr
      })
    } catch (err) {
      out.set(u.ref, { result: 'failed', message: explain(err, `the pull request from ${head}`) })
    }
  }

  const closed: PlannedRef[] = []
  for (const u of settled) {
    const head = headOf(u)
    try {
      const open = await findOpen(api, owner, repo, head, u.name)
      if (!open) continue
      await api.rest.issues.createComment({
        owner,
        repo,
        issue_number: open.number,
        body: `${'`'}${u.name}${'`'} now holds the source's tip (synced by the mirror itself), so this pull request is no longer needed: closing it.`
      })
      await api.rest.pulls.update({ owner, repo, pull_number: open.number, state: 'closed' })
      core.info(`${u.ref}: synced by itself; pull request #${open.number} closed`)
      out.set(u.ref, {
        result: 'unchanged',
        message: `its pull request #${open.number} was closed: the branch synced by itself`,
        pullRequest: { number: open.number, url: open.html_url, head, state: 'closed' }
      })
      closed.push(
        plannedWrite({
          ref: headRef(u),
          name: head,
          kind: 'branch',
          status: 'target-only',
          action: 'delete',
          sourceSha: null,
          targetBefore: i.targetRefs.refs.get(headRef(u)) ?? null,
          message: `mirror branch of ${u.name}, no longer needed`
        })
      )
    } catch (err) {
      const message = explain(err, `closing the pull request from ${head}`)
      core.warning(`${u.ref}: ${message}`)
      out.set(u.ref, { result: 'unchanged', message })
    }
  }
  // The mirror branch goes with its pull request; the lease keeps one someone pushed to since.
  if (closed.length)
    for (const [ref, o] of await apply(i.git, target, closed, {
      retries: options.retries,
      maxRefsPerPush: options.maxRefsPerPush
    }))
      if (o.result !== 'applied') core.warning(`${ref} was not deleted: ${o.message}`)
  return out
}
