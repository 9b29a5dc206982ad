import fs from 'node:fs'
import path from 'node:path'
import { parse } from 'graphql'
import { readFieldDeadlines } from '../deadlines/fieldDeadlines'
import { deadlineOfFetch } from '../deadlines/fetchDeadline'

// Which @deadline governs a subgraph fetch: the tightest among the fields it resolves, read from
// the committed supergraph (labs fields 800 ms, epro fields 500 ms).
const deadlines = readFieldDeadlines(
  fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
)

describe('readFieldDeadlines', () => {
  it('finds the @deadline of every field that carries one', () => {
    expect(deadlines.of('Patient', 'labResults')).toBe(800)
    expect(deadlines.of('Patient', 'eproCompliance')).toBe(500)
    expect(deadlines.of('Patient', 'subjectNumber')).toBeUndefined()
    expect(deadlines.of('Patient', 'casebook')).toBe(1500)
    expect(deadlines.of('Site', 'dataQueryCounts')).toBe(1500)
    expect(deadlines.of('Study', 'dataQueryCounts')).toBe(1500)
    expect(deadlines.of('Patient', 'kits')).toBe(1500)
    expect(deadlines.of('Patient', 'allocation')).toBe(1500)
    expect(deadlines.of('Site', 'stock')).toBe(1500)
    expect(deadlines.size).toBe(14)
  })
})

describe('deadlineOfFetch', () => {
  it.each([
    [
      'an entity fetch of lab fields',
      '{ _entities(representations: []) { ... on Patient { abnormalLabCount labResults(first: 5) { id } } } }',
      { ms: 800, field: 'Patient.abnormalLabCount', path: ['_entities', 0, 'abnormalLabCount'] },
    ],
    [
      'the tightest of several deadlines',
      '{ _entities(representations: []) { ... on Patient { labResults { id } eproCompliance { percentage } } } }',
      { ms: 500, field: 'Patient.eproCompliance', path: ['_entities', 0, 'eproCompliance'] },
    ],
    [
      'a root fetch with nested deadline fields, by response key',
      '{ p: patient(id: "x") { id recent: latestEproSubmission { painScore } } }',
      { ms: 500, field: 'Patient.latestEproSubmission', path: ['p', 'recent'] },
    ],
    [
      'a fetch without deadline fields (budget only), pointing at its first field',
      '{ patient(id: "x") { __typename id subjectNumber } }',
      { ms: null, field: null, path: ['patient'] },
    ],
    [
      'fields behind a fragment spread',
      'query { _entities(representations: []) { ...Labs } } fragment Labs on Patient { latestAbnormalLabResults { id } }',
      { ms: 800, field: 'Patient.latestAbnormalLabResults', path: ['_entities', 0, 'latestAbnormalLabResults'] },
    ],
  ])('%s', (_label, query, expected) => {
    expect(deadlineOfFetch(parse(query), deadlines)).toEqual(expected)
  })

  it("analyses a plan's document once and reuses the answer", () => {
    const document = parse('{ _entities(representations: []) { ... on Patient { labResults { id } } } }')
    expect(deadlineOfFetch(document, deadlines)).toBe(deadlineOfFetch(document, deadlines))
  })
})
