import assert from 'node:assert'
import { ApolloServer } from '@apollo/server'
import { faultInjectionPlugin, loadCrashPoint, loadFaults } from '../faultInjection'
import { requestWork } from '../database/requestWork'
import type { PrismaLike } from '../database/prismaClient'
import { loadSubgraphConfig } from '../config'

describe('test-only fault injection', () => {
  it('is off unless asked for', () => {
    expect(loadFaults({ NODE_ENV: 'test' })).toBeUndefined()
  })

  it('is honoured under NODE_ENV=test', () => {
    expect(loadFaults({ NODE_ENV: 'test', FAULT_SQL_DELAY_MS: '5000' })).toEqual({
      sqlDelayMs: 5000,
      responseDelayMs: 0,
    })
  })

  it.each(['production', 'development', undefined])('refuses to start a subgraph with NODE_ENV=%p', (nodeEnv) => {
    expect(() =>
      loadSubgraphConfig('labs', {
        NODE_ENV: nodeEnv,
        FAULT_RESPONSE_DELAY_MS: '100',
        SUBGRAPH_AUTH_SECRET: 's'.repeat(32),
      }),
    ).toThrow(/for tests only/)
  })

  it('rejects a malformed delay', () => {
    expect(() => loadFaults({ NODE_ENV: 'test', FAULT_SQL_DELAY_MS: '5s' })).toThrow(/number of milliseconds/)
  })

  it('knows only the named crash points, and only under NODE_ENV=test', () => {
    expect(loadCrashPoint({ NODE_ENV: 'test' })).toBeUndefined()
    const point = 'inventory.allocation.afterCommit'
    expect(loadCrashPoint({ NODE_ENV: 'test', FAULT_CRASH_POINT: point })).toBe(point)
    expect(() => loadCrashPoint({ NODE_ENV: 'test', FAULT_CRASH_POINT: 'inventory.somewhere' })).toThrow(
      /must be one of/,
    )
    expect(() =>
      loadSubgraphConfig('inventory', {
        NODE_ENV: 'production',
        FAULT_CRASH_POINT: point,
        SUBGRAPH_AUTH_SECRET: 's'.repeat(32),
      }),
    ).toThrow(/for tests only/)
  })
})

describe('the injected response delay', () => {
  const typeDefs = 'type Query { ping: String }'
  const server = new ApolloServer({
    typeDefs,
    resolvers: { Query: { ping: () => 'pong' } },
    plugins: [faultInjectionPlugin({ sqlDelayMs: 0, responseDelayMs: 60_000 }, {} as PrismaLike)],
  })
  beforeAll(() => server.start())
  afterAll(() => server.stop())

  // Like a cancelled statement: an answer with the code, HTTP 200, never a 500 a gateway would count as a failure.
  it('ends with DEADLINE_EXCEEDED in an HTTP 200 when the request deadline passes', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort('deadline passed'), 20)
    const response = await requestWork.run({ signal: controller.signal, budgetMs: 20 }, () =>
      server.executeOperation({ query: '{ ping }' }),
    )
    expect(response.http.status ?? 200).toBe(200)
    assert(response.body.kind === 'single')
    expect(response.body.singleResult.errors).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('deadline of 20 ms passed'),
        extensions: { code: 'DEADLINE_EXCEEDED', reason: 'subgraph-deadline' },
      }),
    ])
  })

  it('answers at once when the deadline has already passed', async () => {
    const controller = new AbortController()
    controller.abort('deadline passed')
    const response = await requestWork.run({ signal: controller.signal, budgetMs: 1 }, () =>
      server.executeOperation({ query: '{ ping }' }),
    )
    assert(response.body.kind === 'single')
    expect(response.body.singleResult.errors?.[0]?.extensions?.code).toBe('DEADLINE_EXCEEDED')
  })
})
