import { fetchesBetween, operationsServed } from '../subgraphFetchCounter'

it('sums the served-operations count over every label, and nothing else', () => {
  const text = [
    '# HELP graphql_operation_duration_seconds GraphQL operations served',
    '# TYPE graphql_operation_duration_seconds histogram',
    'graphql_operation_duration_seconds_bucket{le="0.005",service="labs",operation="anonymous",outcome="ok"} 7',
    'graphql_operation_duration_seconds_sum{service="labs",operation="anonymous",outcome="ok"} 0.2',
    'graphql_operation_duration_seconds_count{service="labs",operation="anonymous",outcome="ok"} 12',
    'graphql_operation_duration_seconds_count{service="labs",operation="anonymous",outcome="error"} 3',
    'graphql_errors_total{service="labs",code="FORBIDDEN"} 3',
  ].join('\n')
  expect(operationsServed(text)).toBe(15)
  expect(operationsServed('')).toBe(0)
})

it('gives fetches per request between two snapshots', () => {
  expect(fetchesBetween({ labs: 10, epro: 4 }, { labs: 30, epro: 4 }, 10)).toEqual({ labs: 2, epro: 0 })
})
