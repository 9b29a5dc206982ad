import { DEFAULT_OPERATION_LIMITS, GATEWAY_ENV_VARIABLES, loadGatewayConfig } from '../../config'

// Whatever else the gateway requires (e.g. its subgraph signing secret), the limits need nothing.
const base = { SUBGRAPH_AUTH_SECRET: 'x'.repeat(32) }

describe('operation limits from the environment', () => {
  it('defaults to the production limits', () => {
    expect(loadGatewayConfig(base).limits).toEqual({
      depth: 12,
      aliases: 30,
      rootFields: 10,
      directives: 50,
      tokens: 5000,
      cost: 5000,
    })
    expect(DEFAULT_OPERATION_LIMITS).toEqual(loadGatewayConfig(base).limits)
  })

  it.each([
    ['MAX_QUERY_DEPTH', '20', 'depth', 20],
    ['MAX_QUERY_ALIASES', '0', 'aliases', 0],
    ['MAX_QUERY_ROOT_FIELDS', '3', 'rootFields', 3],
    ['MAX_QUERY_DIRECTIVES', '5', 'directives', 5],
    ['MAX_QUERY_TOKENS', '20000', 'tokens', 20000],
    ['MAX_QUERY_COST', '800', 'cost', 800],
  ])('%s=%s sets %s', (variable, value, key, expected) => {
    expect(loadGatewayConfig({ ...base, [variable]: value }).limits).toMatchObject({ [key]: expected })
    expect(GATEWAY_ENV_VARIABLES).toContain(variable)
  })

  it.each([
    ['MAX_QUERY_DEPTH', '0'],
    ['MAX_QUERY_TOKENS', 'lots'],
    ['MAX_QUERY_ALIASES', '-1'],
    ['MAX_QUERY_COST', '1.5'],
  ])('refuses %s=%s, naming the variable', (variable, value) => {
    expect(() => loadGatewayConfig({ ...base, [variable]: value })).toThrow(variable)
  })
})
