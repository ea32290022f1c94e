/**
 * Names of the values the main step saves for the post step (core.saveState → STATE_*), in one
 * place so writer and reader cannot drift apart.
 */
export const STATE_KEYS = {
  /** Work directories to remove if the main step could not (newline-separated paths). */
  workDirs: 'work-dirs',
  /** GitHub App tokens to revoke, sealed with a key derived from the App's private key. */
  appTokens: 'app-tokens'
} as const
