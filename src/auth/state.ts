import { nodeCrypto } from '../crypto.js'
import * as core from '../runner.js'
import { STATE_KEYS } from '../state-keys.js'

/** An installation token this run minted, with what revoking it needs. */
export interface Minted {
  token: string
  expiresAt: string
  apiUrl: string
}

// The runner keeps step state in a file under its temp dir. Tokens go there only encrypted with a
// key derived from the App's private key, which the post step receives again as an input: the file
// alone never holds a usable credential.
function keyOf(privateKey: string): Buffer {
  return nodeCrypto().createHash('sha256').update('repo-mirror/app-token-state\0').update(privateKey).digest()
}

export function sealTokens(tokens: Minted[], privateKey: string): string {
  if (tokens.length === 0) return ''
  const iv = nodeCrypto().randomBytes(12)
  const cipher = nodeCrypto().createCipheriv('aes-256-gcm', keyOf(privateKey), iv)
  const body = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')
}

export function openTokens(sealed: string, privateKey: string): Minted[] {
  if (!sealed) return []
  const raw = Buffer.from(sealed, 'base64')
  const decipher = nodeCrypto().createDecipheriv('aes-256-gcm', keyOf(privateKey), raw.subarray(0, 12))
  decipher.setAuthTag(raw.subarray(12, 28))
  const text = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8')
  return JSON.parse(text) as Minted[]
}

export function saveMinted(tokens: Minted[], privateKey: string): void {
  core.saveState(STATE_KEYS.appTokens, sealTokens(tokens, privateKey))
}

export function loadMinted(privateKey: string): Minted[] {
  return openTokens(core.getState(STATE_KEYS.appTokens), privateKey)
}
