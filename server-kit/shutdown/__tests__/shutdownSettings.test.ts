import { loadSubgraphConfig } from '../../config'
import { loadGatewayConfig } from '../../../gateway/config'
import { drainGraceMs } from '../shutdownSettings'

const secret = { SUBGRAPH_AUTH_SECRET: 's'.repeat(32) }

describe('shutdown settings', () => {
  it.each([
    ['development', {}, { timeoutMs: 10_000, readinessDelayMs: 0 }],
    ['production', {}, { timeoutMs: 10_000, readinessDelayMs: 2000 }],
    ['production', { SHUTDOWN_TIMEOUT_MS: '25000', SHUTDOWN_READINESS_DELAY_MS: '5000' }, { timeoutMs: 25_000, readinessDelayMs: 5000 }],
    ['test', { SHUTDOWN_READINESS_DELAY_MS: '0' }, { timeoutMs: 10_000, readinessDelayMs: 0 }],
  ])('NODE_ENV=%s %j → %j, the same for the gateway and a subgraph', (nodeEnv, env, expected) => {
    const all = { ...secret, NODE_ENV: nodeEnv, ...env }
    expect(loadSubgraphConfig('epro', all).shutdown).toEqual(expected)
    expect(loadGatewayConfig(all).shutdown).toEqual(expected)
  })

  it('refuses a readiness delay that would use up the whole bound', () => {
    expect(() => loadGatewayConfig({ ...secret, SHUTDOWN_TIMEOUT_MS: '3000', SHUTDOWN_READINESS_DELAY_MS: '3000' })).toThrow(/must be shorter than SHUTDOWN_TIMEOUT_MS/)
    expect(() => loadSubgraphConfig('labs', { ...secret, SHUTDOWN_TIMEOUT_MS: 'soon' })).toThrow(/SHUTDOWN_TIMEOUT_MS/)
  })
})

describe('drainGraceMs', () => {
  it.each([
    // timeout, readiness delay, close handshake → what the HTTP drain gets
    [10_000, 2000, 2000, 2000], // production defaults: the outbox flush and pool close keep 4 s
    [10_000, 0, 2000, 4000], // npm start, tests
    [30_000, 5000, 2000, 19_000],
    [5000, 2000, 2000, 1000], // a tight bound still leaves in-flight requests a second
  ])('bound %i ms, readiness delay %i ms, handshake %i ms → %i ms', (timeoutMs, readinessDelayMs, handshakeMs, expected) => {
    expect(drainGraceMs({ timeoutMs, readinessDelayMs }, handshakeMs)).toBe(expected)
  })
})
