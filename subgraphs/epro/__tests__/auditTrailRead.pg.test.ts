import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { eventually } from '../../../test/support/eventually'
import type { Identity } from '../../../contracts/identity'
import { eproSubgraph } from '../subgraph'
import { createEproContext } from '../context'
import type { EproPrisma } from '../data/prismaClient'
import type { EproBackground } from '../events/eproBackground'
import * as f from './fixtures'

// Reading the ePRO audit trail through the graph: the study's data managers and monitors (a
// monitor narrowed to a site: that site's records) read a diary entry's and an alert's trail;
// anyone else gets no trail and FORBIDDEN. Trails of a list cost a fixed number of statements.
jest.setTimeout(60_000)

const clock = { now: new Date('2026-11-21T10:00:00Z') }
const PATIENT = 'ee000000-0000-4000-8000-0000000000b1'
const SUBMISSION = 'f0000000-0000-4000-8000-0000000000b1'
const OTHER_SITE = '5e000000-0000-4000-8000-000000000099'
const OTHER_STUDY = '5a000000-0000-4000-8000-000000000099'
const patient = identityWith({ role: 'PATIENT', studyId: f.STUDY, siteId: f.SITE, patientId: PATIENT })
const crc = identityWith({ role: 'CRC', studyId: f.STUDY, siteId: f.SITE })
const dataManager = identityWith({ role: 'DATA_MANAGER', studyId: f.STUDY })
const siteMonitor = identityWith({ role: 'MONITOR', studyId: f.STUDY, siteId: f.SITE })

let subgraph: SubgraphUnderTest<EproPrisma, EproBackground>
let alertIds: string[]
beforeAll(async () => {
  subgraph = await startSubgraphUnderTest(
    {
      ...eproSubgraph,
      createContext: (prisma, scope, background) =>
        createEproContext(prisma, scope, background, { now: () => clock.now }),
    },
    async (prisma) => {
      await f.seedFixtures(prisma)
      // The subject registry decides who may see a patient's data (skipDuplicates: the fixtures may register some).
      await prisma.subject.createMany({
        data: [PATIENT, f.DAILY_PATIENT].map((patientId) => ({ patientId, studyId: f.STUDY, siteId: f.SITE })),
        skipDuplicates: true,
      })
      await prisma.diaryEnrollment.create({
        data: {
          id: 'ed000000-0000-4000-8000-0000000000b1',
          patientId: PATIENT,
          questionnaireId: f.DAILY_DIARY,
          studyId: f.STUDY,
          siteId: f.SITE,
          startDate: new Date('2026-11-01T00:00:00Z'),
        },
      })
    },
  )
  const input = {
    submissionId: SUBMISSION,
    patientId: PATIENT,
    entryDate: '2026-11-20',
    painScore: 9,
    symptoms: [{ term: 'Vomiting', grade: 3 }],
    deviceTimestamp: '2026-11-21T08:30:00Z',
  }
  const submitted = await subgraph.post(
    'mutation($input: SubmitEproEntryInput!) { submitEproEntry(input: $input) { created } }',
    { input },
    { 'x-request-id': 'req-read-1' },
    patient,
  )
  expect(submitted.body.errors).toBeUndefined()
  // The consumer stores the entry's alerts in the background (the bound only ends a hung wait).
  alertIds = (
    await eventually(
      () =>
        subgraph.prisma.adverseEventAlert.findMany({
          where: { submissionId: SUBMISSION },
          orderBy: { sequence: 'asc' },
        }),
      (rows) => rows.length >= 2,
      30_000,
      50,
    )
  ).map((a) => a.id)
  expect(alertIds).toHaveLength(2)
  await subgraph.post(
    'mutation($id: ID!, $by: ID!) { acknowledgeAdverseEventAlert(alertId: $id, acknowledgedBy: $by) { id } }',
    { id: alertIds[0], by: crc.userId },
    {},
    crc,
  )
})
afterAll(() => subgraph?.stop())

const EVENT =
  'sequence occurredAt actor { id } actorRole operation entityType entityId field oldValue newValue reasonForChange requestId traceId'
const SUBMISSION_TRAILS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on EproSubmission { id auditTrail { ${EVENT} } } } }`
const ALERT_TRAILS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on AdverseEventAlert { id auditTrail { ${EVENT} } } } }`
const submissions = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'EproSubmission', id })) })
const alerts = (ids: string[]) => ({ r: ids.map((id) => ({ __typename: 'AdverseEventAlert', id })) })

describe("allowed: the study's data managers and monitors", () => {
  it.each<[string, Identity]>([
    ['a data manager of the study', dataManager],
    ["a monitor of the patient's site", siteMonitor],
  ])("%s reads a diary entry's trail", async (_label, who) => {
    const { body } = await subgraph.post(SUBMISSION_TRAILS, submissions([SUBMISSION]), {}, who)
    expect(body.errors).toBeUndefined()
    const [event] = body.data!._entities[0].auditTrail
    expect(body.data!._entities[0].auditTrail).toHaveLength(1)
    expect(event).toMatchObject({
      sequence: expect.stringMatching(/^\d+$/),
      occurredAt: clock.now.toISOString(),
      actor: { id: patient.userId },
      actorRole: 'PATIENT',
      operation: 'CREATE',
      entityType: 'EproSubmission',
      entityId: SUBMISSION,
      field: null,
      oldValue: null,
      reasonForChange: null,
      requestId: 'req-read-1',
      traceId: null,
    })
    expect(JSON.parse(event.newValue)).toMatchObject({ id: SUBMISSION, painScore: 9, late: true })
  })

  it("reads an alert's trail: created by the system, then acknowledged field by field", async () => {
    const { body } = await subgraph.post(ALERT_TRAILS, alerts([alertIds[0]!]), {}, siteMonitor)
    expect(body.errors).toBeUndefined()
    const trail = body.data!._entities[0].auditTrail as {
      actor: { id: string } | null
      actorRole: string
      operation: string
      field: string | null
      oldValue: string | null
      newValue: string | null
    }[]
    expect(trail.map((e) => [e.operation, e.actorRole, e.actor?.id ?? null, e.field, e.oldValue])).toEqual([
      ['CREATE', 'SYSTEM', null, null, null],
      ['UPDATE', 'CRC', crc.userId, 'status', '"OPEN"'],
      ['UPDATE', 'CRC', crc.userId, 'acknowledgedBy', null],
      ['UPDATE', 'CRC', crc.userId, 'acknowledgedAt', null],
    ])
    expect(trail.slice(1).map((e) => JSON.parse(e.newValue!))).toEqual([
      'ACKNOWLEDGED',
      crc.userId,
      clock.now.toISOString(),
    ])
  })
})

describe('denied: no trail, FORBIDDEN', () => {
  it.each<[string, Identity]>([
    ["the site's CRC", crc],
    ['an investigator of the site', identityWith({ role: 'INVESTIGATOR', studyId: f.STUDY, siteId: f.SITE })],
    ["the study's sponsor", identityWith({ role: 'SPONSOR', studyId: f.STUDY })],
    ['the patient', patient],
    ['a monitor of another site', identityWith({ role: 'MONITOR', studyId: f.STUDY, siteId: OTHER_SITE })],
    ['a data manager of another study', identityWith({ role: 'DATA_MANAGER', studyId: OTHER_STUDY })],
  ])('%s', async (_label, who) => {
    for (const [query, variables] of [
      [SUBMISSION_TRAILS, submissions([SUBMISSION])],
      [ALERT_TRAILS, alerts([alertIds[0]!])],
    ] as const) {
      const { body } = await subgraph.post(query, variables, {}, who)
      expect(body.errors?.map((e) => e.extensions?.code)).toContain('FORBIDDEN')
      expect(body.data?._entities?.[0]?.auditTrail ?? null).toBeNull()
    }
  })
})

describe('no query per record', () => {
  it.each([
    [
      'diary entries (their study from the enrollment, then their events)',
      SUBMISSION_TRAILS,
      () => submissions([SUBMISSION, ...f.DAILY_PATIENT_SUBMISSIONS.map((s) => s.id!)]),
      2,
    ],
    ['alerts', ALERT_TRAILS, () => alerts(alertIds), 1],
  ])('the trails of a list of %s cost a fixed number of statements', async (_label, query, representations, extra) => {
    const variables = representations()
    const withoutTrail = query.replace(/auditTrail \{[^}]*\{ id \}[^}]*\}/, '')
    subgraph.statements.reset()
    expect((await subgraph.post(withoutTrail, variables, {}, dataManager)).body.errors).toBeUndefined()
    const base = subgraph.statements.besideRegistry()
    subgraph.statements.reset()
    const { body } = await subgraph.post(query, variables, {}, dataManager)
    expect(body.errors).toBeUndefined()
    expect(body.data!._entities).toHaveLength(variables.r.length)
    expect(subgraph.statements.besideRegistry() - base).toBe(extra)
  })
})
