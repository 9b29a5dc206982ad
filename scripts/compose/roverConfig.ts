import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

/** rover's supergraph-config format (the subset we use: local schema files). */
const roverConfigSchema = z.object({
  federation_version: z
    .string()
    .regex(/^=?2\.\d+\.\d+$/, 'federation_version must pin a Federation 2 version, e.g. "=2.14.4"'),
  subgraphs: z.record(
    z.string().regex(/^[a-z][a-z0-9_-]*$/),
    z.object({
      routing_url: z.url(),
      schema: z.object({ file: z.string().min(1) }),
    }),
  ),
})

export interface SubgraphEntry {
  name: string
  url: string
  schemaFile: string
  sdl: string
}

export interface RoverConfig {
  federationVersion: string
  subgraphs: SubgraphEntry[]
}

export function readRoverConfig(configFile: string): RoverConfig {
  const raw = parseYaml(fs.readFileSync(configFile, 'utf8'))
  const parsed = roverConfigSchema.safeParse(raw)
  if (!parsed.success)
    throw new Error(`${configFile} is not a valid rover supergraph config:\n${z.prettifyError(parsed.error)}`)
  const base = path.dirname(configFile)
  return {
    federationVersion: parsed.data.federation_version.replace(/^=/, ''),
    subgraphs: Object.entries(parsed.data.subgraphs).map(([name, entry]) => {
      const schemaFile = path.resolve(base, entry.schema.file)
      if (!fs.existsSync(schemaFile))
        throw new Error(`Subgraph "${name}": schema file ${entry.schema.file} does not exist.`)
      return { name, url: entry.routing_url, schemaFile, sdl: fs.readFileSync(schemaFile, 'utf8') }
    }),
  }
}
