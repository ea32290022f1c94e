import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {
  BlobSASPermissions,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters
} from '@azure/storage-blob'
import { ROOT } from './action.js'

/** A real Azure Blob Storage emulator (the `azurite` devDependency) on 127.0.0.1 with a fresh account. */
export interface Azurite {
  /** Blob endpoint including the account, e.g. http://127.0.0.1:PORT/account. */
  endpoint: string
  account: string
  service: BlobServiceClient
  /** A blob URL with a write-only SAS that expires in an hour, as the results service signs it. */
  signedUploadUrl: (container: string, blob: string) => string
  /** A blob URL with a read-only SAS, as the results service hands out for a download. */
  signedDownloadUrl: (container: string, blob: string) => string
  download: (container: string, blob: string) => Promise<Buffer>
  /** Stops the emulator and removes its storage; safe to call twice. */
  stop: () => Promise<void>
}

const MAIN = path.join(ROOT, 'node_modules/azurite/dist/src/blob/main.js')

export async function startAzurite(): Promise<Azurite> {
  const location = mkdtempSync(path.join(os.tmpdir(), 'rm-azurite-'))
  const account = 'mirrortest'
  // A fresh key per run: a SAS the results service did not sign with it cannot work.
  const key = randomBytes(64).toString('base64')
  const child: ChildProcess = spawn(
    process.execPath,
    [
      MAIN,
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      '0',
      '--location',
      location,
      '--silent',
      '--loose',
      '--skipApiVersionCheck',
      '--disableTelemetry',
      '--disableProductStyleUrl'
    ],
    {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, AZURITE_ACCOUNTS: `${account}:${key}` },
      stdio: ['ignore', 'pipe', 'pipe']
    }
  )
  // Safety net: a test worker that exits without afterAll still takes the emulator with it.
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  let log = ''
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`azurite did not start in 120 s:\n${log}`)), 120_000)
    const onData = (d: Buffer) => {
      log += d.toString()
      const m = /listens on http:\/\/127\.0\.0\.1:(\d+)/.exec(log)
      if (m) {
        clearTimeout(timer)
        resolve(Number(m[1]))
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', code => (clearTimeout(timer), reject(new Error(`azurite exited with ${code}:\n${log}`))))
  })
  const endpoint = `http://127.0.0.1:${port}/${account}`
  const credential = new StorageSharedKeyCredential(account, key)
  const service = new BlobServiceClient(endpoint, credential)
  const signed = (container: string, blob: string, permissions: string) => {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        blobName: blob,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 60_000),
        expiresOn: new Date(Date.now() + 3_600_000)
      },
      credential
    )
    return `${endpoint}/${container}/${blob.split('/').map(encodeURIComponent).join('/')}?${sas.toString()}`
  }
  let stopped = false
  return {
    endpoint,
    account,
    service,
    signedUploadUrl: (container, blob) => signed(container, blob, 'cw'),
    signedDownloadUrl: (container, blob) => signed(container, blob, 'r'),
    async download(container, blob) {
      return service.getContainerClient(container).getBlobClient(blob).downloadToBuffer()
    },
    async stop() {
      if (stopped) return
      stopped = true
      process.off('exit', killOnExit)
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise(r => child.once('exit', r))
        child.kill('SIGTERM')
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
        await exited
        clearTimeout(timer)
      }
      rmSync(location, { recursive: true, force: true })
    }
  }
}
