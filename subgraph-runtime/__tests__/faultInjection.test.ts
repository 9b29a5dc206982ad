import { loadFaults } from '../faultInjection'
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
})
