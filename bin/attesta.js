#!/usr/bin/env node
// The CLI is compiled to dist/ by `npm ci` (the package's prepare script).
import { main } from '../dist/cli/main.js';

// Exit at once: after an interruption, abandoned probes must not keep the process alive.
process.exit(await main(process.argv.slice(2)));
