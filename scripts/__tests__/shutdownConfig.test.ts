// Every server process reads the shutdown variables the same way (platform/shutdown/shutdownSettings.ts).
import { loadSubgraphConfig } from '../../subgraph-runtime/config'
import { loadGatewayConfig } from '../../gateway/config'

const secret = { SUBGRAPH_AUTH_SECRET: 's'.repeat(32) }

describe('shutdown settings', () => {
  it.each([
    ['development', {}, { timeoutMs: 10_000, readinessDelayMs: 0 }],
    ['production', {}, { timeoutMs: 10_000, readinessDelayMs: 2000 }],
    [
      'production',
      { SHUTDOWN_TIMEOUT_MS: '25000', SHUTDOWN_READINESS_DELAY_MS: '5000' },
      { timeoutMs: 25_000, readinessDelayMs: 5000 },
    ],
    ['test', { SHUTDOWN_READINESS_DELAY_MS: '0' }, { timeoutMs: 10_000, readinessDelayMs: 0 }],
  ])('NODE_ENV=%s %j → %j, the same for the gateway and a subgraph', (nodeEnv, env, expected) => {
    const all = { ...secret, NODE_ENV: nodeEnv, ...env }
    expect(loadSubgraphConfig('epro', all).shutdown).toEqual(expected)
    expect(loadGatewayConfig(all).shutdown).toEqual(expected)
  })

  it('refuses a readiness delay that would use up the whole bound', () => {
    expect(() =>
      loadGatewayConfig({ ...secret, SHUTDOWN_TIMEOUT_MS: '3000', SHUTDOWN_READINESS_DELAY_MS: '3000' }),
    ).toThrow(/must be shorter than SHUTDOWN_TIMEOUT_MS/)
    expect(() => loadSubgraphConfig('labs', { ...secret, SHUTDOWN_TIMEOUT_MS: 'soon' })).toThrow(/SHUTDOWN_TIMEOUT_MS/)
  })
})
