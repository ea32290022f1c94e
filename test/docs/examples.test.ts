import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

const ROOT = path.resolve(import.meta.dirname, '../..')
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')

/** action.yml's own inputs and outputs, as the runner reads them. */
const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const INPUTS = new Set(Object.keys(action.inputs))
const OUTPUTS = new Set(Object.keys(action.outputs))

interface Step {
  id?: string
  uses?: string
  with?: Record<string, unknown>
  run?: string
}
interface Workflow {
  on?: unknown
  jobs?: Record<string, { steps?: Step[] }>
}

/** Tags of this repository: an example may pin one only if it exists. */
const TAGS = new Set(execFileSync('git', ['tag', '--list'], { cwd: ROOT, encoding: 'utf8' }).split('\n'))

/**
 * How an example may name this action: `./` (a checkout of it), or `<owner>/repo-mirror@<ref>` with a
 * ref that exists: the default branch, a full commit id (GitHub's advice for pinning an action), or
 * an existing tag. A `@v1` that was never tagged fails every run that copies it.
 */
function refProblem(uses: string): string | undefined {
  if (uses === './') return undefined
  const m = /^[A-Za-z0-9-]+\/repo-mirror@(.+)$/.exec(uses)
  if (!m) return `names the action as ${uses}`
  const ref = m[1]!
  if (ref === 'main' || /^[0-9a-f]{40}$/.test(ref) || TAGS.has(ref)) return undefined
  return `pins ${ref}, which is neither main, a commit id, nor a tag of this repository`
}

const ours = (s: Step) => s.uses === './' || /\/repo-mirror@/.test(s.uses ?? '')

/** Every problem of a workflow's use of the action, as readable lines. */
function problems(wf: Workflow): string[] {
  const out: string[] = []
  const ids = new Set<string>()
  for (const job of Object.values(wf.jobs ?? {}))
    for (const step of job.steps ?? []) {
      if (!ours(step)) continue
      if (step.id) ids.add(step.id)
      const ref = refProblem(step.uses!)
      if (ref) out.push(ref)
      for (const key of Object.keys(step.with ?? {}))
        if (!INPUTS.has(key)) out.push(`passes '${key}', which action.yml does not declare`)
    }
  // Outputs read by later steps must be outputs the action declares.
  const text = JSON.stringify(wf)
  for (const m of text.matchAll(/steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g))
    if (ids.has(m[1]!) && !OUTPUTS.has(m[2]!))
      out.push(`reads output '${m[2]}', which action.yml does not declare`)
  return out
}

/** The README's YAML blocks that are whole workflows or a list of steps. */
function readmeWorkflows(): { line: number; wf: Workflow }[] {
  const md = read('README.md')
  const out: { line: number; wf: Workflow }[] = []
  for (const m of md.matchAll(/^```yaml\n([\s\S]*?)^```$/gm)) {
    const line = md.slice(0, m.index).split('\n').length
    const doc = parse(m[1]!) as unknown
    if (doc && typeof doc === 'object' && 'jobs' in doc) out.push({ line, wf: doc as Workflow })
    else if (Array.isArray(doc)) out.push({ line, wf: { jobs: { steps: { steps: doc as Step[] } } } })
  }
  return out
}

describe('examples', () => {
  const files = readdirSync(path.join(ROOT, 'examples')).filter(f => /\.ya?ml$/.test(f))

  it("live outside .github/workflows/, which runs only this repository's own workflows", () => {
    expect(files.length).toBeGreaterThan(0)
    for (const f of readdirSync(path.join(ROOT, '.github/workflows'))) {
      const wf = parse(read(`.github/workflows/${f}`)) as Workflow
      const remote = Object.values(wf.jobs ?? {}).flatMap(j =>
        (j.steps ?? []).filter(s => ours(s) && s.uses !== './')
      )
      expect(remote, `${f} runs a published copy of the action`).toEqual([])
    }
  })

  it.each(readdirSync(path.join(ROOT, 'examples')).filter(f => /\.ya?ml$/.test(f)))(
    'examples/%s parses, passes only declared inputs, reads only declared outputs, and names an existing ref',
    file => {
      const wf = parse(read(`examples/${file}`)) as Workflow
      expect(wf.on, 'has triggers').toBeTruthy()
      const steps = Object.values(wf.jobs ?? {}).flatMap(j => j.steps ?? [])
      expect(steps.some(ours), 'uses the action').toBe(true)
      expect(problems(wf)).toEqual([])
    }
  )

  it("the README's workflows and steps pass only declared inputs and name an existing ref", () => {
    const blocks = readmeWorkflows()
    expect(
      blocks.filter(b => Object.values(b.wf.jobs ?? {}).some(j => (j.steps ?? []).some(ours)))
    ).not.toEqual([])
    for (const b of blocks) expect(problems(b.wf), `README.md line ${b.line}`).toEqual([])
  })

  it('a ref check that can fail: @v1 (never tagged) and unknown inputs are refused', () => {
    expect(
      problems({
        jobs: { j: { steps: [{ uses: 'your-org/repo-mirror@v1', with: { 'targte-repo': 'a/b' } }] } }
      })
    ).toEqual([
      'pins v1, which is neither main, a commit id, nor a tag of this repository',
      "passes 'targte-repo', which action.yml does not declare"
    ])
  })
})
