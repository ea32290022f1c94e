import type { CauseKind } from '../record.js'

// Most specific first: GitHub wraps rulesets, protection and size checks in a pre-receive hook, so
// "hook declined" only means a plain hook once nothing more precise matched.
const KINDS: [RegExp, CauseKind][] = [
  [/Pushes can not update more than \d+ branches or tags/i, 'push-limit'],
  [/GH006|protected branch/i, 'protected'],
  [/refusing to allow an? .*workflow/i, 'workflow-permission'],
  [/GH001|exceeds GitHub's file size limit|pack exceeds maximum allowed size/i, 'too-large'],
  [/GH013|rule violations/i, 'ruleset'],
  [/unpacker error|fsck error|object [0-9a-f]{40,64}: \w+:|index-pack failed|fatal: fsck/i, 'fsck'],
  [/stale info/i, 'lease-moved'],
  [/non-fast-forward|fetch first/i, 'not-fast-forward'],
  [/already exists/i, 'tag-moved'],
  [/cannot lock ref|failed to update ref|there are still refs under|exists; cannot create/i, 'name-conflict'],
  [/hook declined/i, 'hook-declined'],
  [/shallow update not allowed/i, 'shallow-source'],
  [/Authentication failed|could not read Username|returned error: 40[13]|Permission to .* denied/i, 'auth'],
  [/Repository not found|returned error: 404|does not appear to be a git repository/i, 'not-found'],
  [/RPC failed|hung up|early EOF|Connection reset|curl \d+/i, 'transport']
]

/** Classifies a refusal from git's status for the ref and the server's own lines about it. */
export function classify(text: string): CauseKind {
  for (const [pattern, kind] of KINDS) if (pattern.test(text)) return kind
  return 'unknown'
}

/** What to do about a refused ref, by cause. */
export const FIX: Partial<Record<CauseKind, string>> = {
  'hook-declined':
    "the target's pre-receive hook refused this ref: change the ref so the hook accepts it, change the hook, or leave the ref out of branches/tags",
  ruleset:
    'a repository ruleset on the target blocks this ref: add a bypass for this token or App, or leave the ref out of branches/tags',
  fsck: 'the target checks every object (receive.fsckObjects) and refused one this ref brings: repair that history in the source, or let the target accept it (receive.fsck.<id>=ignore)',
  'too-large': 'a file is over the limit: move it to Git LFS in the source',
  'name-conflict':
    "a ref of the target is in the way (a branch 'a' blocks 'a/b' and the reverse): set prune so the blocker is backed up and removed, or rename one of them",
  protected:
    'the target protects this branch: let this token bypass the protection, or mirror it another way',
  'not-fast-forward': 'the target moved; nothing was overwritten: run again to re-plan',
  'tag-moved': 'the tag exists in the target: set force to overwrite it (with a backup)'
}

/** The server's `remote:` lines, without the prefix. */
export function remoteLines(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter(l => l.startsWith('remote:'))
    .map(l => l.slice('remote:'.length).trim())
    .filter(Boolean)
}

/**
 * The server's words about each of these refs: a block of `remote:` lines starts at a line naming
 * one of them (GitHub: "GH013: Repository rule violations found for refs/heads/x.") and runs to
 * the next such line. Refs the server never names are absent.
 */
export function linesByRef(stderr: string, refs: string[]): Map<string, string[]> {
  const wanted = new Set(refs)
  const out = new Map<string, string[]>()
  let current: string[] | undefined
  for (const line of remoteLines(stderr)) {
    const named = /\b(refs\/\S+?)[.:,;]?(?:\s|$)/.exec(line)?.[1]
    if (named && wanted.has(named)) {
      current = out.get(named) ?? []
      out.set(named, current)
    }
    current?.push(line)
  }
  return out
}

/** GitHub's push policy: the number in "Pushes can not update more than N branches or tags". */
export function pushLimit(stderr: string): number | undefined {
  const m = /Pushes can not update more than (\d+) branches or tags/i.exec(stderr)
  return m ? Math.max(1, Number(m[1])) : undefined
}
