import fs from 'node:fs'
import path from 'node:path'

/**
 * The repository's root: the nearest folder up from this code that has the package.json. The
 * servers run from their TypeScript sources (`npm start`, through tsx) or from the build in `dist/`
 * (tests and production, `npm run build`); the build has the code but not the files the servers
 * read, which stay where they are in the repository (schemas, migrations, the supergraph, the web app).
 */
function projectRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir
    if (dir === path.dirname(dir)) throw new Error(`No package.json above ${__dirname}: where is the project?`)
  }
}
/** The repository's root folder, absolute. */
export const PROJECT_ROOT = projectRoot()

/** A file of the repository (e.g. `subgraphs/users/schema.graphql`), wherever the code runs from. */
export function projectFile(relativePath: string): string {
  return path.join(PROJECT_ROOT, relativePath)
}
