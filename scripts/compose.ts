import fs from 'node:fs'
import path from 'node:path'
import { readRoverConfig } from './compose/roverConfig'
import { composeSupergraph } from './compose/composeSupergraph'

// npm run compose: rover.yaml → schema/supergraph.graphql, with errors and hints printed readably.
const root = path.resolve(__dirname, '..')
const configFile = path.join(root, 'rover.yaml')
const outputFile = path.join(root, 'schema', 'supergraph.graphql')

function main(): number {
  const config = readRoverConfig(configFile)
  // rover would download the pinned composition version; offline we run the installed one, so
  // they must be the same or `rover supergraph compose` could produce a different supergraph.
  const installed = (
    JSON.parse(fs.readFileSync(require.resolve('@apollo/composition/package.json'), 'utf8')) as { version: string }
  ).version
  if (installed !== config.federationVersion) {
    console.error(
      `rover.yaml pins federation_version =${config.federationVersion} but @apollo/composition ${installed} is installed; align them.`,
    )
    return 1
  }
  const outcome = composeSupergraph(config)
  for (const hint of outcome.hints)
    console.warn(`hint ${hint.code}${hint.subgraphs.length ? ` [${hint.subgraphs.join(', ')}]` : ''}: ${hint.message}`)
  if (!outcome.ok) {
    console.error(`Composition failed with ${outcome.errors.length} error(s):`)
    for (const error of outcome.errors) {
      console.error(
        `  ✖ ${error.code}${error.subgraphs.length ? ` [${error.subgraphs.join(', ')}]` : ''}: ${error.message}`,
      )
    }
    return 1
  }
  fs.mkdirSync(path.dirname(outputFile), { recursive: true })
  const previous = fs.existsSync(outputFile) ? fs.readFileSync(outputFile, 'utf8') : ''
  fs.writeFileSync(outputFile, outcome.supergraphSdl)
  const subgraphs = config.subgraphs.map((s) => s.name).join(', ')
  console.log(
    `${previous === outcome.supergraphSdl ? 'unchanged' : 'wrote'} ${path.relative(root, outputFile)} (federation ${config.federationVersion}; ${subgraphs})`,
  )
  return 0
}

process.exitCode = main()
