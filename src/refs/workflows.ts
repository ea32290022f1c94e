import type { Git } from '../git/git.js'
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
  const tips = await git.presentObjects([...new Set(targetRefs.refs.values())])
  const exclude = [...tips]
  for (const s of candidates) {
    if (
      (await git.changesPath(s.sourceSha!, exclude, WORKFLOWS_DIR)) ||
      (s.targetBefore &&
        tips.has(s.targetBefore) &&
        (await git.pathDiffers(s.targetBefore, s.sourceSha!, WORKFLOWS_DIR)))
    )
      out.add(s.ref)
  }
  return out
}
