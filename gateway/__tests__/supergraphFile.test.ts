import path from 'node:path'
import { loadSupergraph } from '../supergraphFile'
import { loadGatewayConfig } from '../config'

const supergraph = path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql')

describe('loadSupergraph', () => {
  it('reads every subgraph and its routing URL from the composed file', () => {
    const { subgraphs } = loadSupergraph(supergraph, {})
    expect(Object.fromEntries(subgraphs.map((s) => [s.name, s.url]))).toEqual({
      users: 'http://localhost:4001/graphql',
      studies: 'http://localhost:4002/graphql',
      patients: 'http://localhost:4003/graphql',
      epro: 'http://localhost:4004/graphql',
      labs: 'http://localhost:4005/graphql',
      edc: 'http://localhost:4006/graphql',
      inventory: 'http://localhost:4007/graphql',
      exports: 'http://localhost:4008/graphql',
    })
  })

  it('applies URL overrides and refuses overrides for subgraphs that do not exist', () => {
    expect(
      loadSupergraph(supergraph, { labs: 'http://labs:4005/graphql' }).subgraphs.find((s) => s.name === 'labs')!.url,
    ).toBe('http://labs:4005/graphql')
    expect(() => loadSupergraph(supergraph, { lab: 'http://x/graphql' })).toThrow(/unknown subgraph\(s\): lab/)
  })

  it('tells how to create a missing file', () => {
    expect(() => loadSupergraph('/nowhere/supergraph.graphql', {})).toThrow(/npm run compose/)
  })
})

describe('loadGatewayConfig', () => {
  const secret = { SUBGRAPH_AUTH_SECRET: 's'.repeat(32) }

  it('needs only the secret it shares with the subgraphs', () => {
    expect(loadGatewayConfig(secret)).toMatchObject({
      port: 4000,
      host: '0.0.0.0',
      subgraphUrls: {},
      production: false,
    })
    expect(() => loadGatewayConfig({})).toThrow(/SUBGRAPH_AUTH_SECRET is required/)
    expect(() => loadGatewayConfig({ SUBGRAPH_AUTH_SECRET: 'short' })).toThrow(/at least 32 characters/)
  })

  it('collects <NAME>_SUBGRAPH_URL overrides', () => {
    expect(loadGatewayConfig({ ...secret, LABS_SUBGRAPH_URL: 'http://labs:4005/graphql' }).subgraphUrls).toEqual({
      labs: 'http://labs:4005/graphql',
    })
  })

  it.each([{ PORT: 'abc' }, { SUBGRAPH_TIMEOUT_MS: '0' }, { USERS_SUBGRAPH_URL: 'users:4001' }, { NODE_ENV: 'prod' }])(
    'rejects %p with a clear message',
    (env) => {
      expect(() => loadGatewayConfig({ ...secret, ...env })).toThrow(/gateway configuration|must be an http/)
    },
  )
})
