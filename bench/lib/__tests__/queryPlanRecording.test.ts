import type { FetchNode, PlanNode } from '@apollo/query-planner'
import { withRecordedFetches, type SentRequest } from '../queryPlanRecording'

// The floor replays the plan's shape with the requests the gateway actually sent in place of its
// fetches; a fetch the gateway skipped (no entities to resolve) is left out, and a request that
// fits no fetch of the plan means the recording is not the plan's: refuse rather than mis-measure.
const fetch = (serviceName: string, operation: string) =>
  ({ kind: 'Fetch', serviceName, operation, operationName: undefined, operationKind: 'query' }) as unknown as FetchNode
const sent = (subgraph: string, operation: string, body = operation): SentRequest => ({
  subgraph,
  url: `http://${subgraph}`,
  key: `${subgraph}\n${operation}`,
  body,
})
const plan: PlanNode = {
  kind: 'Sequence',
  nodes: [
    fetch('patients', 'query A'),
    {
      kind: 'Parallel',
      nodes: [
        { kind: 'Flatten', path: ['patient'], node: fetch('users', 'query B') },
        { kind: 'Flatten', path: ['patient'], node: fetch('epro', 'query C') },
      ],
    },
  ],
}

test('fetches take the recorded requests, in the plan’s Sequence and Parallel shape', () => {
  expect(
    withRecordedFetches(plan, [
      sent('patients', 'query A', 'a'),
      sent('epro', 'query C', 'c'),
      sent('users', 'query B', 'b'),
    ]),
  ).toEqual({
    kind: 'Sequence',
    nodes: [
      { kind: 'Fetch', subgraph: 'patients', url: 'http://patients', body: 'a' },
      {
        kind: 'Parallel',
        nodes: [
          { kind: 'Fetch', subgraph: 'users', url: 'http://users', body: 'b' },
          { kind: 'Fetch', subgraph: 'epro', url: 'http://epro', body: 'c' },
        ],
      },
    ],
  })
})

test('a fetch the gateway skipped is left out of the replay', () => {
  expect(withRecordedFetches(plan, [sent('patients', 'query A'), sent('epro', 'query C')])).toEqual({
    kind: 'Sequence',
    nodes: [
      { kind: 'Fetch', subgraph: 'patients', url: 'http://patients', body: 'query A' },
      { kind: 'Parallel', nodes: [{ kind: 'Fetch', subgraph: 'epro', url: 'http://epro', body: 'query C' }] },
    ],
  })
})

test('a recorded request that is no fetch of the plan is refused', () => {
  expect(() => withRecordedFetches(plan, [sent('patients', 'query A'), sent('labs', 'query D')])).toThrow(
    /1 unmatched: labs/,
  )
})
