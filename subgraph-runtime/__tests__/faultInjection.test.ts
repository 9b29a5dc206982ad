import { loadCrashPoint, loadFaults } from '../faultInjection'
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
