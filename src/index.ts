import { run } from './main.js'
import { exitWhenFlushed } from './workdir.js'

await run()
await exitWhenFlushed()
