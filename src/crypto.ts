/**
 * node:crypto, loaded on first use: loading it costs ~15 ms of start-up, which a run that never
 * hashes, encrypts or reads a key (a token run that finds the target in sync) should not pay.
 */
export const nodeCrypto = () => process.getBuiltinModule('node:crypto')
