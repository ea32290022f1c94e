import type { RepoSpec } from '../inputs.js'

export type Side = 'source' | 'target'

/** One small interface for every way of getting credentials (tokens given as inputs, or a GitHub App). */
export interface TokenProvider {
  readonly method: string
  /** A token for that side's repository, or undefined to go anonymous (public or local). */
  tokenFor(side: Side, repo: RepoSpec): Promise<string | undefined>
  /**
   * For tokens that expire: the token to use now for that side, re-minted when the current one
   * expires soon or was refused (`refused`). undefined when the provider holds none for that side.
   */
  renew?(side: Side, refused?: string): Promise<string | undefined>
  /** Releases what the provider created (e.g. revokes minted tokens). Never throws. */
  close(): Promise<void>
}
