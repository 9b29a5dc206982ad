import fs from 'node:fs'
import path from 'node:path'
import { readRoverConfig } from '../compose/roverConfig'
import { SUBGRAPH_NAMES, SUBGRAPH_PORTS } from '../../subgraph-runtime/config'
import { subgraphModules } from '../../subgraphs/registry'

// The subgraphs are listed by hand in three places only (docs/adding-a-subgraph.md): rover.yaml,
// SUBGRAPH_PORTS and the module registry; everything else derives from them or from the folders.
// A new context that misses one of them fails here, saying which.
const root = path.resolve(__dirname, '..', '..')
const folders = (dir: string) =>
  fs
    .readdirSync(path.join(root, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && entry.name !== 'tools')
    .map((entry) => entry.name)
    .sort()
const sorted = (names: readonly string[]) => [...names].sort()

it('rover.yaml composes exactly the subgraphs of SUBGRAPH_PORTS, each on its port', () => {
  const rover = readRoverConfig(path.join(root, 'rover.yaml'))
  expect(rover.subgraphs.map((s) => [s.name, Number(new URL(s.url).port)])).toEqual(Object.entries(SUBGRAPH_PORTS))
})

it('the module registry holds every subgraph under its own name', () => {
  expect(sorted(Object.keys(subgraphModules))).toEqual(sorted(SUBGRAPH_NAMES))
  for (const [key, module] of Object.entries(subgraphModules)) expect(module.name).toBe(key)
})

it('every subgraph has its room and its database, and no folder is left without a subgraph', () => {
  expect(folders('subgraphs')).toEqual(sorted(SUBGRAPH_NAMES))
  expect(folders('prisma')).toEqual(sorted(SUBGRAPH_NAMES))
  for (const name of SUBGRAPH_NAMES) {
    for (const file of ['schema.graphql', 'codegen.json', 'main.ts', 'subgraph.ts'])
      expect([name, file, fs.existsSync(path.join(root, 'subgraphs', name, file))]).toEqual([name, file, true])
    for (const file of ['schema.prisma', 'prisma.config.ts', 'migrations'])
      expect([name, file, fs.existsSync(path.join(root, 'prisma', name, file))]).toEqual([name, file, true])
  }
})
