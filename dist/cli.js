#!/usr/bin/env node
// The CLI's bundle, and the chunks it loads when a run needs them, are in dist/cli/.
import './cli/index.js'
