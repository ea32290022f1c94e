import { run } from './main.js'

await run()
// Every git, request and file write of the run was awaited: all that is left is what stdout and
// stderr still hold. Exiting here skips tearing down the heap piece by piece.
await Promise.all([process.stdout, process.stderr].map(s => new Promise(done => s.write('', done))))
process.exit()
