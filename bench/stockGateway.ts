import fs from 'node:fs'
import path from 'node:path'
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway'
import { ApolloServer } from '@apollo/server'
import { startStandaloneServer } from '@apollo/server/standalone'
import { GATEWAY_ASSERTION_HEADER, assertionKey, signGatewayAssertion } from '../server-kit/auth/gatewayAssertion'
import type { Identity } from '../server-kit/auth/identity'

// Baseline for benchmarks: stock @apollo/gateway on the same supergraph, as its docs set it up
// (no deadlines, no limits, no token checks), with the subgraph URLs overridden and the one thing
// our subgraphs require of any caller: an assertion signed with SUBGRAPH_AUTH_SECRET, here for the
// fixed identity in BENCH_IDENTITY (JSON).
process.env.APOLLO_TELEMETRY_DISABLED = 'true'
const supergraphSdl = fs.readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8')
const overrides: Record<string, string> = {}
for (const [key, value] of Object.entries(process.env)) {
  const match = /^([A-Z]+)_SUBGRAPH_URL$/.exec(key)
  if (match && value) overrides[match[1]!.toLowerCase()] = value
}

async function main() {
  const key = assertionKey(process.env.SUBGRAPH_AUTH_SECRET ?? '')
  const identity = JSON.parse(process.env.BENCH_IDENTITY ?? 'null') as Identity | null
  const gateway = new ApolloGateway({
    supergraphSdl,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: overrides[name] ?? url,
        willSendRequest: async ({ request }) => {
          request.http!.headers.set(GATEWAY_ASSERTION_HEADER, await signGatewayAssertion(key, name, identity))
        },
      }),
  })
  const server = new ApolloServer({ gateway })
  const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4100), host: '127.0.0.1' } })
  console.log(`stock gateway ready at ${url}`)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
