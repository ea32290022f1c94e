import { ConfigError, optionInputs, pathOf } from './config.js'
import { LegSchema } from './matrix.js'

/**
 * A matrix leg's inputs: the step passes `leg: ${{ toJSON(matrix) }}`, and the pair, its options
 * and its unique report name come from there. What the step sets itself (tokens, App, server) stays.
 */
export function legInputs(raw: Record<string, string | undefined>): Record<string, string | undefined> {
  const text = raw.leg?.trim()
  if (!text) return raw
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new ConfigError(
      "leg is not JSON: pass 'leg: ${{ toJSON(matrix) }}' in a job whose matrix comes from mode: plan"
    )
  }
  const parsed = LegSchema.safeParse(value)
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues
        .map(
          i => `leg ${pathOf(i.path) || 'value'}: ${i.message} (pass the matrix from mode: plan unchanged)`
        )
        .join('\n')
    )
  const leg = parsed.data
  return {
    ...raw,
    ...optionInputs(leg.options),
    'source-repo': leg.source,
    'target-repo': leg.target,
    'report-name': leg.report
  }
}
