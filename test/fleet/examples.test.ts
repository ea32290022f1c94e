import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { parseConfig } from '../../src/fleet/config.js'
import { ROOT } from '../support/action.js'

interface Step {
  id?: string
  uses?: string
  with?: Record<string, string>
}
interface Job {
  needs?: string | string[]
  if?: string
  outputs?: Record<string, string>
  strategy?: { 'fail-fast'?: boolean; 'max-parallel'?: number; matrix?: string }
  steps: Step[]
}
interface Workflow {
  concurrency?: { group: string }
  jobs: Record<string, Job>
}

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8')
const action = parse(read('action.yml')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}
const workflow = parse(read('examples/fleet.yml')) as Workflow
const ours = (job: Job) => job.steps.filter(s => /\/repo-mirror@/.test(s.uses ?? ''))

describe('the fleet examples', () => {
  it('examples/configs/mirror-fleet.yml and the README config are valid fleet configs', () => {
    const config = parseConfig(read('examples/configs/mirror-fleet.yml'), 'examples/configs/mirror-fleet.yml')
    expect(config.mirrors?.length).toBeGreaterThan(0)
    expect(config.owners?.length).toBeGreaterThan(0)
    const readme = read('README.md')
    const section = readme.slice(readme.indexOf('### The config'))
    const block = /```yaml\n([\s\S]*?)```/.exec(section)![1]!
    expect(parseConfig(block, 'README').owners?.[0]).toMatchObject({ source: 'acme', target: 'acme-backup' })
  })

  it('examples/fleet.yml: plan → matrix legs → collect, with only the action’s own inputs', () => {
    const { plan, mirror, collect } = workflow.jobs
    expect(ours(plan!).map(s => s.with?.mode)).toEqual(['plan'])
    expect(ours(plan!)[0]!.with!.config).toBe('.github/mirror-fleet.yml')
    expect(ours(collect!).map(s => s.with?.mode)).toEqual(['collect'])
    expect(ours(collect!)[0]!.with!.legs).toBe('${{ needs.plan.outputs.legs }}')
    // Every step of ours passes only inputs action.yml declares.
    for (const job of Object.values(workflow.jobs))
      for (const step of ours(job))
        for (const input of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(input)

    // Each matrix job: one leg per job, a failing leg stops no other, a cap on how many run at once,
    // its own App token; every chunk the plan may output has a job, and collect waits for them all.
    const legJobs = Object.entries(workflow.jobs).filter(([, j]) => j.strategy?.matrix)
    expect(legJobs.map(([name]) => name)).toEqual(['mirror', 'mirror-2'])
    legJobs.forEach(([name, job], i) => {
      const output = i === 0 ? 'matrix' : `matrix-${i + 1}`
      expect(job.strategy).toMatchObject({
        'fail-fast': false,
        matrix: `\${{ fromJSON(needs.plan.outputs.${output}) }}`
      })
      expect(job.strategy!['max-parallel']).toBeGreaterThan(0)
      expect(ours(job)[0]!.with).toMatchObject({ leg: '${{ toJSON(matrix) }}', 'app-id': expect.any(String) })
      expect(plan!.outputs![output]).toBe(`\${{ steps.plan.outputs.${output} }}`)
      expect(collect!.needs).toContain(name)
    })
    expect(mirror!.if).toBe('needs.plan.outputs.legs > 0')
    expect(collect!.if).toContain('always()')
    // Every plan output the workflow reads is one action.yml declares.
    for (const [, out] of JSON.stringify(workflow).matchAll(/steps\.plan\.outputs\.([a-z0-9-]+)/g))
      expect(Object.keys(action.outputs)).toContain(out)
    expect(workflow.concurrency?.group).toBeTruthy()
  })
})
