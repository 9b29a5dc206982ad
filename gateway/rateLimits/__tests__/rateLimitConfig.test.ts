import { GATEWAY_ENV_VARIABLES, loadGatewayConfig } from '../../config'
import { DEFAULT_RATE_LIMITS } from '../rateLimitSettings'

const base = { SUBGRAPH_AUTH_SECRET: 'x'.repeat(32) }

describe('rate limits from the environment', () => {
  it('are on by default, with the documented defaults, and trust no proxy', () => {
    const config = loadGatewayConfig(base)
    expect(config.rateLimits).toEqual(DEFAULT_RATE_LIMITS)
    expect(config.trustProxy).toBe(false)
  })

  it('RATE_LIMITS=off turns them off (benchmarks)', () => {
    expect(loadGatewayConfig({ ...base, RATE_LIMITS: 'off' }).rateLimits).toBeUndefined()
  })

  it.each([
    ['RATE_LIMIT_USER_QUERIES', '2,4', 'userQueries', { perSecond: 2, burst: 4 }],
    ['RATE_LIMIT_USER_MUTATIONS', ' 30 , 0 ', 'userMutations', { perSecond: 30, burst: 0 }],
    ['RATE_LIMIT_IP_QUERIES', '500,2000', 'ipQueries', { perSecond: 500, burst: 2000 }],
    ['RATE_LIMIT_IP_MUTATIONS', '50,50', 'ipMutations', { perSecond: 50, burst: 50 }],
    ['RATE_LIMIT_IP_ANONYMOUS', '1,10', 'ipAnonymous', { perSecond: 1, burst: 10 }],
    ['RATE_LIMIT_CONNECTION_SUBSCRIBES', '1,1', 'connectionSubscribes', { perSecond: 1, burst: 1 }],
    ['RATE_LIMIT_OBJECTS_PER_TOKEN', '100', 'objectsPerToken', 100],
  ])('%s=%s sets %s', (variable, value, key, expected) => {
    expect(loadGatewayConfig({ ...base, [variable]: value }).rateLimits).toMatchObject({ [key]: expected })
    expect(GATEWAY_ENV_VARIABLES).toContain(variable)
  })

  it.each([
    ['RATE_LIMIT_USER_QUERIES', '20'],
    ['RATE_LIMIT_USER_QUERIES', '0,100'],
    ['RATE_LIMIT_IP_QUERIES', '1.5,10'],
    ['RATE_LIMIT_OBJECTS_PER_TOKEN', '0'],
    ['RATE_LIMITS', 'no'],
    ['TRUST_PROXY', 'true'],
    ['TRUST_PROXY', '10.0.0.0/33'],
    ['TRUST_PROXY', 'proxy.internal'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => loadGatewayConfig({ ...base, [variable]: value })).toThrow(variable)
  })

  it.each([
    ['1', 1],
    ['false', false],
    ['10.0.0.0/8, loopback', ['10.0.0.0/8', 'loopback']],
    ['192.168.1.10,fd00::/8', ['192.168.1.10', 'fd00::/8']],
  ])('TRUST_PROXY=%s', (value, expected) => {
    expect(loadGatewayConfig({ ...base, TRUST_PROXY: value }).trustProxy).toEqual(expected)
  })
})
