import fs from 'node:fs'
import path from 'node:path'
import fc from 'fast-check'
import { Supergraph } from '@apollo/federation-internals'
import { startServiceProcess, type ServiceProcess } from '../scripts/run/serviceProcess'
import { waitUntilReady } from '../scripts/run/readinessWait'
import { postGraphQL, type GraphQLResponse } from '../test/support/graphqlClient'
import { operationArbitrary } from '../test/support/operationGenerator'
import { operation } from './support/operations'
import { DEFAULT_E2E_ACCOUNT, startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'

// Issue 20, item 2: the compiled executor (gateway/planExecution/) against @apollo/gateway's own,
// on the same subgraphs and data. The suite's gateway runs the compiled one; a second gateway on
// the same subgraphs runs Apollo's (GATEWAY_EXECUTOR=apollo). Every committed query, a corpus of
// generated ones and the committed mutations' refusals go to both, as the same user, and the two
// answers (status and body) must be equal.
jest.setTimeout(240_000)

let supergraph: SupergraphUnderTest
let stock: ServiceProcess & { output: string[] }
let stockUrl: string

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({ gatewayEnv: { RATE_LIMITS: 'off' } })
  const { env } = supergraph.processes.gateway.spec
  const port = supergraph.sparePorts[0]!
  stockUrl = `http://127.0.0.1:${port}/graphql`
  stock = startServiceProcess(
    {
      name: 'gateway-apollo-executor',
      entry: 'gateway/main.ts',
      env: { ...env, PORT: String(port), GATEWAY_EXECUTOR: 'apollo' },
      baseUrl: `http://127.0.0.1:${port}`,
    },
    { output: 'capture' },
  )
  await waitUntilReady(stock, { stallTimeoutMs: 60_000 })
})
afterAll(async () => {
  await stock?.stop()
  await supergraph?.stop()
})

/** Both gateways' answers to one request, as `account`. */
async function both(query: string, variables: Record<string, unknown>, account = DEFAULT_E2E_ACCOUNT) {
  const headers = { authorization: `Bearer ${await supergraph.tokenFor(account)}` }
  const [compiled, apollo] = await Promise.all([
    postGraphQL(supergraph.gatewayUrl, query, variables, headers),
    postGraphQL(stockUrl, query, variables, headers),
  ])
  const answer = (r: GraphQLResponse) => ({ status: r.status, body: r.body })
  return { compiled: answer(compiled), apollo: answer(apollo) }
}

interface Seeded {
  studyId: string
  siteId: string
  patients: { id: string; subjectNumber: string }[]
  /** A patient of a study the suite's account has no role in. */
  outsider: { id: string }
  formIds: string[]
}

const seeded = () =>
  supergraph.asOwner(async (db): Promise<Seeded> => {
    const study = await db.query(`SELECT id FROM studies.study WHERE protocol_id = 'ONC-3017'`)
    const studyId = study.rows[0].id as string
    const patients = await db.query(
      `SELECT id, subject_number AS "subjectNumber", site_id AS "siteId" FROM patients.patient
        WHERE study_id = $1 ORDER BY subject_number LIMIT 3`,
      [studyId],
    )
    const outsider = await db.query(`SELECT id FROM patients.patient WHERE study_id <> $1 LIMIT 1`, [studyId])
    const forms = await db.query(`SELECT id FROM edc.form_data WHERE study_id = $1 ORDER BY id LIMIT 2`, [studyId])
    return {
      studyId,
      siteId: patients.rows[0].siteId as string,
      patients: patients.rows.map(({ id, subjectNumber }) => ({ id, subjectNumber })),
      outsider: outsider.rows[0],
      formIds: forms.rows.map((r) => r.id as string),
    }
  })

const committed = fs
  .readdirSync(path.join(__dirname, '..', 'schema', 'operations'))
  .map((file) => path.basename(file, '.graphql'))

it('answers every committed query as the stock executor does', async () => {
  const s = await seeded()
  const patient = s.patients[0]!
  const cases: [string, Record<string, unknown>][] = [
    ['Workspace', {}],
    ['PatientFullView', { id: patient.id }],
    ['PatientFullView', { id: s.patients[1]!.id, submissions: 3, labs: 2 }],
    ['PatientFullView', { id: s.outsider.id }],
    ['PatientFullView', { id: '00000000-0000-4000-8000-000000000000' }],
    ['PatientFullViewBySubjectNumber', { subjectNumber: patient.subjectNumber }],
    ['PatientDiary', { patientId: patient.id, studyId: s.studyId }],
    ['PatientEnrollment', { id: patient.id }],
    ['SiteDashboard', { siteId: s.siteId }],
    ['SiteDashboard', { siteId: s.siteId, first: 2 }],
    ['SiteStock', { siteId: s.siteId, unblinded: false }],
    ['SiteStock', { siteId: s.siteId, unblinded: true }],
    ['ScreeningForm', { siteId: s.siteId }],
    ['StudyEnrollmentSummary', { studyId: s.studyId }],
    ['DataQueryList', { studyId: s.studyId }],
    ['SdvWorklist', { studyId: s.studyId, siteId: s.siteId, first: 5 }],
    ['OpenAlerts', { siteIds: [s.siteId] }],
    ...s.formIds.map((id): [string, Record<string, unknown>] => ['FormEntry', { id }]),
    // Variables the executor must refuse itself: Apollo Server leaves their validation to it.
    ['PatientFullView', {}],
    ['PatientFullView', { id: patient.id, labs: 'many' }],
    ['SiteStock', { siteId: s.siteId }],
  ]
  const queries = committed.filter((name) =>
    operation(name)
      .trimStart()
      .replace(/^(#.*\n)+/, '')
      .startsWith('query'),
  )
  // Every committed query has a case: a new one without is a gap in this test.
  expect(queries.filter((name) => !cases.some(([c]) => c === name))).toEqual([])
  for (const [name, variables] of cases) {
    const { compiled, apollo } = await both(operation(name), variables)
    expect([name, variables, compiled]).toEqual([name, variables, apollo])
  }
})

it("refuses the committed mutations' bad variables as the stock executor does", async () => {
  const mutations = committed.filter((name) => /^(#.*\n|\s)*mutation/.test(operation(name)))
  expect(mutations.length).toBeGreaterThan(5)
  for (const name of mutations) {
    // No variables at all: each has a required one, which the executor refuses before any fetch,
    // so no write happens twice.
    const { compiled, apollo } = await both(operation(name), {})
    expect(compiled.body.errors?.length).toBeGreaterThan(0)
    expect([name, compiled]).toEqual([name, apollo])
  }
})

it('answers generated queries as the stock executor does', async () => {
  const s = await seeded()
  const schema = Supergraph.build(fs.readFileSync(path.join(__dirname, '..', 'schema', 'supergraph.graphql'), 'utf8'))
    .apiSchema()
    .toGraphQLJSSchema()
  const roots: [string, string][] = [
    ['patient', s.patients[0]!.id],
    ['patient', s.outsider.id],
    ['site', s.siteId],
    ['study', s.studyId],
    ['me', ''],
    ['form', s.formIds[0]!],
  ]
  let answered = 0
  for (const [root, id] of roots) {
    const corpus = fc.sample(operationArbitrary(schema, root, { maxDepth: 3, maxFields: 4 }), {
      numRuns: 12,
      seed: 4242,
    })
    for (const generated of corpus) {
      const variables = { ...(id ? { id } : {}), ...generated.variables }
      const { compiled, apollo } = await both(generated.query, variables)
      expect([generated.query, variables, compiled]).toEqual([generated.query, variables, apollo])
      if (compiled.body.data) answered++
    }
  }
  // Most of the corpus must reach execution (not be refused at validation) for the test to mean anything.
  expect(answered).toBeGreaterThan(50)
})
