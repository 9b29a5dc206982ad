import type { TargetResult } from '../measureTarget'
import { medianRatios, ratiosTo, resultProblem } from '../report'

const result = (name: string, over: Partial<TargetResult> = {}): TargetResult => ({
  name,
  connections: 50,
  requests: 1000,
  rps: 100,
  latency: { p50: 10, p95: 20, p99: 30, mean: 12, max: 40 },
  errors: 0,
  non2xx: 0,
  graphqlErrors: 0,
  accepted: 0,
  latencyByStatus: { 200: { count: 1000, p50: 10, p99: 30, max: 40 } },
  loadGeneratorCpuMsPerRequest: 0.1,
  durationSeconds: 10,
  gatewayCpuMsPerRequest: 2,
  subgraphsCpuMsPerRequest: 4,
  cpuMsPerRequest: {},
  peakRssMiB: {},
  sql: { perSubgraph: {} } as unknown as TargetResult['sql'],
  profileFiles: [],
  ...over,
})

beforeEach(() => {
  jest.spyOn(console, 'log').mockImplementation(() => undefined)
  jest.spyOn(console, 'table').mockImplementation(() => undefined)
})
afterEach(() => jest.restoreAllMocks())

it('a window whose every response was complete is a result', () => {
  expect(resultProblem(result('ours'))).toBeNull()
})

it.each([
  ['answered nothing', { requests: 0 }, 'no request was answered'],
  ['socket errors', { errors: 3 }, '3 of 1000 responses incomplete (3 socket errors or timeouts)'],
  ['non-2xx', { non2xx: 2 }, '2 of 1000 responses incomplete (2 non-2xx)'],
  [
    'GraphQL errors, by code',
    { graphqlErrors: 1134, requests: 1136, errorCodes: { SERVICE_UNAVAILABLE: 1100, DEADLINE_EXCEEDED: 34 } },
    '1134 of 1136 responses incomplete (1134 with GraphQL errors {"SERVICE_UNAVAILABLE":1100,"DEADLINE_EXCEEDED":34})',
  ],
])('a window with %s is not a result, and says why', (_label, over, why) => {
  expect(resultProblem(result('ours', over))).toBe(why)
})

it('computes no ratio from a target that answered with errors, nor against a baseline that did', () => {
  const floor = result('floor', { rps: 400 })
  const stock = result('stock', { rps: 100, gatewayCpuMsPerRequest: 4 })
  const ours = result('ours', { rps: 189, gatewayCpuMsPerRequest: 2.5, graphqlErrors: 1134 })
  const variant = result('variant', { rps: 150, gatewayCpuMsPerRequest: 2 })
  const ratios = ratiosTo([floor, stock, ours, variant], { floor: 'floor', stock: 'stock' })
  expect(ratios.ours).toBeUndefined()
  expect(ratios.variant).toMatchObject({ 'RPS ÷ stock RPS': 1.5, 'gateway CPU ÷ stock': 0.5, 'RPS ÷ floor RPS': 0.375 })
  expect(console.log).toHaveBeenCalledWith(expect.stringContaining('not a result, no ratio computed: ours — 1134 of'))

  const brokenStock = ratiosTo([floor, { ...stock, errors: 5 }, variant], { floor: 'floor', stock: 'stock' })
  expect(brokenStock.variant).toEqual({ 'p50 ÷ floor p50': 1, 'RPS ÷ floor RPS': 0.375 })
  expect(brokenStock.stock).toBeUndefined()
})

it('takes each ratio as its median over rounds, and a round where a target was not a result gives it no value', () => {
  const rounds: Record<string, Record<string, number>>[] = [
    { ours: { 'gateway CPU ÷ stock': 0.42 }, peer: { 'RPS ÷ ours': 0.9 } },
    { ours: { 'gateway CPU ÷ stock': 0.3 } },
    { ours: { 'gateway CPU ÷ stock': 0.35 }, peer: { 'RPS ÷ ours': 1.1 } },
  ]
  expect(medianRatios(rounds)).toEqual({ ours: { 'gateway CPU ÷ stock': 0.35 }, peer: { 'RPS ÷ ours': 0.9 } })
  expect(console.table).toHaveBeenCalledWith({
    ours: { 'gateway CPU ÷ stock': '0.35 (0.30–0.42)' },
    peer: { 'RPS ÷ ours': '0.90 (0.90–1.10, 2 of 3)' },
  })
})
