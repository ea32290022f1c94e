import type { Options } from '../inputs.js'
import { PatProvider } from './pat.js'
import type { TokenProvider } from './provider.js'

/** Chooses how this run authenticates. */
export function createAuth(options: Options, _env: NodeJS.ProcessEnv): TokenProvider {
  return new PatProvider({ source: options.sourceToken, target: options.targetToken })
}
