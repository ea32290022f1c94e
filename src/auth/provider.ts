import type { RepoSpec } from '../inputs.js'

export type Side = 'source' | 'target'

/** One small interface for every way of getting credentials (PAT now, GitHub App later). */
export interface TokenProvider {
  readonly method: string
  /** A token for that side's repository, or undefined to go anonymous (public or local). */
  tokenFor(side: Side, repo: RepoSpec): Promise<string | undefined>
  /** Releases what the provider created (e.g. revokes minted tokens). Never throws. */
  close(): Promise<void>
}
