import { buildServers } from './run/serverBuild'
import { SERVER_ENTRIES } from './run/serverEntries'

// npm run build: the servers as production runs them, one bundled file each under dist/
// (scripts/run/serverBuild.ts). The web app has its own build: npm run build:web.
const started = performance.now()
buildServers()
console.log(`${SERVER_ENTRIES.length} servers built into dist/ in ${Math.round(performance.now() - started)} ms`)
