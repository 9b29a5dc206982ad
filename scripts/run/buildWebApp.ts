import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

const ROOT = path.resolve(__dirname, '..', '..')
export const WEB_DIST = path.join(ROOT, 'web', 'dist')

/**
 * Builds the web app into web/dist (Vite, a couple of seconds), as `npm start` and the tests
 * serve it from the gateway. Throws with Vite's output when the build fails.
 */
export function buildWebApp(options: { quiet?: boolean } = {}): void {
  const vite = path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js')
  const result = spawnSync(process.execPath, [vite, 'build', '--config', path.join(ROOT, 'web', 'vite.config.mts')], {
    cwd: ROOT,
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`The web app did not build:\n${result.stdout}\n${result.stderr}`)
  if (!options.quiet) process.stdout.write(result.stdout)
}

/** Built already (by the test command, or an earlier run)? */
export const webAppBuilt = () => fs.existsSync(path.join(WEB_DIST, 'index.html'))
