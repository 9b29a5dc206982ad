import fs from 'node:fs'
import { ApolloGateway } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { startStandaloneServer } from '@apollo/server/standalone'
import { assertionKey } from '../contracts/gatewayAssertion'
import type { Identity } from '../contracts/identity'
import { projectFile } from '../platform/projectFiles'
import { AssertingDataSource, subgraphUrlOverrides } from './lib/assertingDataSource'

// Baseline for benchmarks: stock @apollo/gateway on the same supergraph, as its docs set it up
// (no deadlines, no limits, no token checks), with the subgraph URLs overridden and an assertion
// for the fixed identity in BENCH_IDENTITY (JSON) on every fetch.
process.env.APOLLO_TELEMETRY_DISABLED = 'true'
// From the project root: this runs from its build in dist/, like our gateway (benchEnvironment.ts).
const supergraphSdl = fs.readFileSync(projectFile('schema/supergraph.graphql'), 'utf8')
const overrides = subgraphUrlOverrides(process.env)

async function main() {
  const key = assertionKey(process.env.SUBGRAPH_AUTH_SECRET ?? '')
  const identity = JSON.parse(process.env.BENCH_IDENTITY ?? 'null') as Identity | null
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) => new AssertingDataSource(name, overrides[name] ?? url!, key, identity),
  })
  const server = new ApolloServer({ gateway })
  const { url } = await startStandaloneServer(server, {
    listen: { port: Number(process.env.PORT ?? 4100), host: '127.0.0.1' },
  })
  console.log(`stock gateway ready at ${url}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
