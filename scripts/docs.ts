import fs from 'node:fs'
import path from 'node:path'
import { renderErrorDocument } from './docs/errorCatalog'

// npm run docs: writes the documents generated from code (docs/errors.md from the error
// registries). A test fails when a committed one is not what this prints.
const target = path.resolve(__dirname, '..', 'docs', 'errors.md')
fs.writeFileSync(target, renderErrorDocument())
console.log(`wrote ${path.relative(process.cwd(), target)}`)
