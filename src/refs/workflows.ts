import type { Git } from '../git/git.js'
import { presentObjects } from './fetch.js'
import type { AnalysedRef } from '../record.js'
import type { RemoteRefs } from './types.js'

export const WORKFLOWS_DIR = '.github/workflows'

/**
 * Which refs' updates would change files under .github/workflows/ in the target: a commit the
 * target lacks touches that folder, or the new tip's folder differs from the old tip's (GitHub
 * refuses both without the workflow scope / workflows permission). Only refs the source holds
 * and the target differs on are checked.
 */
export async function refsTouchingWorkflows(
  git: Git,
  states: AnalysedRef[],
  targetRefs: RemoteRefs
): Promise<Set<string>> {
  const out = new Set<string>()
  const candidates = states.filter(s => s.sourceSha && s.sourceSha !== s.targetBefore)
  if (candidates.length === 0) return out
  const tips = await presentObjects(git, [...new Set(targetRefs.refs.values())])
  const exclude = [...tips].map(t => `^${t}`).join('\n')
  for (const s of candidates) {
    const newCommits = await git.run(['rev-list', '-1', '--stdin', '--', WORKFLOWS_DIR], {
      input: `${s.sourceSha}\n${exclude}\n`,
      allowFailure: true
    })
    if (newCommits.code === 0 && newCommits.stdout.trim() !== '') {
      out.add(s.ref)
      continue
    }
    if (s.targetBefore && tips.has(s.targetBefore)) {
      const diff = await git.run(['diff', '--quiet', s.targetBefore, s.sourceSha!, '--', WORKFLOWS_DIR], {
        allowFailure: true
      })
      if (diff.code === 1) out.add(s.ref)
    }
  }
  return out
}
