import * as core from '../runner.js'
import path from 'node:path'

/**
 * Uploads the report file as a workflow artifact. Without an Actions runtime (a local run) it
 * says so and keeps the file; an upload failure is a warning, never a failed mirror.
 */
export async function uploadReport(file: string, name: string, retentionDays?: number): Promise<boolean> {
  if (!process.env.ACTIONS_RUNTIME_TOKEN || !process.env.ACTIONS_RESULTS_URL) {
    core.info(`No Actions runtime here: the report is not uploaded and stays at ${file}`)
    return false
  }
  try {
    // Loaded only here: the artifact client is most of the bundle, and a no-op run should not pay for it.
    const { DefaultArtifactClient } = await import('@actions/artifact')
    const client = new DefaultArtifactClient()
    const { id, size } = await client.uploadArtifact(name, [file], path.dirname(file), { retentionDays })
    core.info(`Uploaded artifact '${name}' (id ${id}, ${size} bytes)`)
    return true
  } catch (err) {
    core.warning(
      `Could not upload the '${name}' artifact: ${(err as Error).message}. The report stays at ${file}`
    )
    return false
  }
}
