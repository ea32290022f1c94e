#!/usr/bin/env node
import { main } from './cli/main.js'
import { serveAsWorker, WORKER_ENV } from './cli/workers.js'

if (process.env[WORKER_ENV] === '1' && process.send) serveAsWorker()
else process.exitCode = await main(process.argv.slice(2))
