import * as core from '../runner.js'
import path from 'node:path'
import { messageOf } from '../engine.js'
import { tokenClient } from '../github/octokit.js'
import { registerSecret } from '../git/secrets.js'
import { parseSharedInputs, type Options } from '../inputs.js'
import { ConfigError, readConfig, type FleetConfig } from './config.js'
import { chunkOutput, legsOf, matrixChunks, type Leg } from './matrix.js'
import { resolvePairs, type Resolved } from './pairs.js'

/** Reads the config and resolves its pairs with the given shared options (tokens, API). */
export async function planFleet(
  config: FleetConfig,
  options: Options,
  log: { info: (s: string) => void; warning: (s: string) => void }
): Promise<Resolved> {
  const needsToken = (which: 'source' | 'target', token: string) => {
    if (!token)
      throw new ConfigError(
        which === 'source'
          ? "owners need source-token: a token that can list the source owners' repositories"
          : 'create-targets needs target-token: a token that can create repositories in the target owners'
      )
    registerSecret(token)
    return tokenClient(options.apiUrl, token, options.retries)
  }
  return resolvePairs(config, {
    sourceApi: () => needsToken('source', options.sourceToken),
    targetApi: () => needsToken('target', options.targetToken),
    info: log.info,
    warning: log.warning
  })
}

/**
 * mode: plan — the config's pairs as `strategy.matrix` values. Output `matrix` holds the first 256
 * legs, `matrix-2`, `matrix-3`, … the next chunks; `chunks` and `legs` say how many there are.
 */
export async function runPlan(
  raw: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv
): Promise<Leg[] | undefined> {
  try {
    const options = parseSharedInputs(raw, env)
    if (options.app)
      throw new ConfigError(
        "mode 'plan' reads the API with source-token/target-token: mint an App token first (actions/create-github-app-token, see examples/fleet.yml) and pass it there"
      )
    const file = raw.config?.trim()
    if (!file) throw new ConfigError("mode 'plan' needs config: the path of the fleet's YAML file")
    const resolved = await core.group('Plan', () =>
      planFleet(readConfig(path.resolve(env.GITHUB_WORKSPACE || '.', file), file), options, {
        info: core.info,
        warning: core.warning
      })
    )
    // A plan with unknown pairs would let collect report a fleet as whole when it is not.
    if (resolved.unlisted.length)
      throw new Error(resolved.unlisted.map(u => `${u.origin}: ${u.problem}`).join('\n'))
    const legs = legsOf(resolved.pairs, options.reportName)
    const chunks = matrixChunks(legs)
    chunks.forEach((c, i) => core.setOutput(chunkOutput(i), JSON.stringify(c)))
    core.setOutput('chunks', String(chunks.length))
    core.setOutput('legs', String(legs.length))
    if (legs.length === 0) core.warning('the config resolves to no pair: there is nothing to mirror')
    core.info(
      `${legs.length} legs in ${chunks.length} chunk${chunks.length === 1 ? '' : 's'} (at most 256 legs per matrix)`
    )
    for (const l of legs) core.info(`  ${l.report}: ${l.name}`)
    if (env.GITHUB_STEP_SUMMARY)
      core.appendSummary(
        `## 🗺️ Fleet plan: ${legs.length} pairs in ${chunks.length} matrix chunk${chunks.length === 1 ? '' : 's'}\n`
      )
    return legs
  } catch (err) {
    core.setFailed(messageOf(err))
    return undefined
  }
}
