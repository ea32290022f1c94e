import { accessSync, appendFileSync, constants, existsSync } from 'node:fs'
import { EOL } from 'node:os'

/**
 * The runner's workflow commands: log lines, groups, masks, annotations on stdout, and the
 * GITHUB_OUTPUT / GITHUB_STATE / GITHUB_STEP_SUMMARY files. The same bytes @actions/core writes
 * (test/runner.test.ts compares the two), without loading its HTTP client and undici, which every
 * run would otherwise pay for at start-up and only OIDC tokens need.
 */

const text = (value: unknown): string =>
  value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)

const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C')

function command(name: string, message: unknown, property?: { name: string }): void {
  const props = property?.name ? ` name=${escapeProperty(property.name)}` : ''
  const value = message instanceof Error ? message.toString() : text(message)
  process.stdout.write(`::${name}${props}::${escapeData(value)}${EOL}`)
}

export const info = (message: string): void => {
  process.stdout.write(message + EOL)
}
export const debug = (message: string): void => command('debug', message)
export const warning = (message: string | Error): void => command('warning', message)
export const error = (message: string | Error): void => command('error', message)
/** Masks `secret` in the job's log from here on. */
export const setSecret = (secret: string): void => command('add-mask', secret)

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  command('group', name)
  try {
    return await fn()
  } finally {
    command('endgroup', '')
  }
}

export function setFailed(message: string | Error): void {
  process.exitCode = 1
  error(message)
}

/**
 * A heredoc delimiter that neither the key nor the value holds, so no value (a ref name, a server's
 * message) can end its entry early and write another output. @actions/core draws a UUID and throws
 * if the value holds it; checking and drawing again makes the guarantee without node:crypto.
 */
function delimiterFor(key: string, value: string): string {
  const hex = () => Math.random().toString(16).slice(2).padEnd(13, '0')
  for (;;) {
    const delimiter = `ghadelimiter_${hex()}${hex()}${hex()}`
    if (!key.includes(delimiter) && !value.includes(delimiter)) return delimiter
  }
}

/** `name<<delimiter` … `delimiter`, the delimiter random so no value can end the entry early. */
function fileCommand(file: 'OUTPUT' | 'STATE', key: string, value: unknown): void {
  const path = process.env[`GITHUB_${file}`]
  if (!path) {
    // Outside a runner (or an old one): the stdout form of the same command.
    if (file === 'OUTPUT') process.stdout.write(EOL)
    command(file === 'OUTPUT' ? 'set-output' : 'save-state', text(value), { name: key })
    return
  }
  if (!existsSync(path)) throw new Error(`Missing file at path: ${path}`)
  const v = text(value)
  const delimiter = delimiterFor(key, v)
  appendFileSync(path, `${key}<<${delimiter}${EOL}${v}${EOL}${delimiter}${EOL}`, 'utf8')
}

export const setOutput = (name: string, value: unknown): void => fileCommand('OUTPUT', name, value)
/** For the post step, which reads it back with getState. */
export const saveState = (name: string, value: unknown): void => fileCommand('STATE', name, value)
export const getState = (name: string): string => process.env[`STATE_${name}`] || ''
export const getInput = (name: string): string =>
  (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '').trim()

/** Appends markdown (and a line end) to the job summary. */
export function appendSummary(markdown: string): void {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path)
    throw new Error(
      'Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.'
    )
  try {
    accessSync(path, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(
      `Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`
    )
  }
  appendFileSync(path, markdown + EOL)
}
