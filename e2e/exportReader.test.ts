import { readStudy, type StudyRead } from '../subgraphs/exports/read/studyReader'
import { supergraphClient } from '../subgraphs/exports/read/supergraphClient'
import { demoDataset } from '../demo-data'
import { crcAt, studyManager } from '../test/support/demoAccounts'
import { demoSupply } from '../subgraphs/inventory/demo/demoSupply'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { postGraphQL } from '../test/support/graphqlClient'
import { eventually } from '../test/support/eventually'
import { operation } from './support/operations'
import { armTracer } from './support/armTraces'
import { exportCredentialFor, requestExportCredential, sessionOf } from './support/exportCredential'
import { startSupergraphUnderTest, DEFAULT_E2E_ACCOUNT, type SupergraphUnderTest } from './support/supergraphUnderTest'

// An export job's credential through the real gateway (contracts/exportCredential.ts): issued by
// the users context for the demo data manager's gateway session, it reads ONC-3017 exactly as the
// data manager does — and nothing else: no other study, no mutation, no treatment arm, no
// contact detail; and it stops working the moment the data manager's role is revoked.
jest.setTimeout(600_000)

const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const site = data.studies.sites.find((s) => s.studyId === study.id && s.siteNumber === '101')!
const otherStudy = data.studies.studies.find((s) => s.protocolId === 'RHE-2204')!
const crc = crcAt(site.id)
const patientOf = (studyId: string) =>
  data.patients.patients.find(
    (p) =>
      p.studyId === studyId && p.enrollmentStatus === 'ENROLLED' && data.studies.sites.some((s) => s.id === p.siteId),
  )!
const enrolled = data.patients.patients.find((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')!
const otherStudyPatient = patientOf(otherStudy.id)
const baseline = data.patients.visits.find((v) => v.patientId === enrolled.id && v.visitType === 'BASELINE')!
// A visit of the site whose Vital Signs form is not entered yet (as dataExport.test.ts picks one): the
// CRC enters it, so the value has an audit trail naming the CRC.
const entered = new Set(data.edc.formEntries.map((e) => `${e.visitId}:${e.formOid}`))
const unentered = data.patients.visits.find((v) => {
  const p = data.patients.patients.find((x) => x.id === v.patientId)
  return (
    p?.siteId === site.id && v.status === 'COMPLETED' && v.visitType === 'TREATMENT' && !entered.has(`${v.id}:F.VS`)
  )
})!

let supergraph: SupergraphUnderTest
let credential: string
beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({ account: DEFAULT_E2E_ACCOUNT, gatewayEnv: { RATE_LIMITS: 'off' } })
  credential = await exportCredentialFor(supergraph, DEFAULT_E2E_ACCOUNT, study.id)
})
afterAll(() => supergraph?.stop())

const asReader = (query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(supergraph.gatewayUrl, query, variables, { authorization: `Bearer ${credential}` })
const codesOf = (body: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code)

/** Every subject of a read study, with how many form values, lab results, diary entries and alerts it has. */
async function contentsOf(read: StudyRead) {
  const subjects: string[] = []
  let values = 0
  let rows = 0
  for await (const { record } of read.subjects({ includeAudit: false })) {
    subjects.push(record.subjectKey)
    values += record.visits.reduce((n, v) => n + v.forms.reduce((m, f) => m + f.values.length, 0), 0)
    rows += record.labs.length + record.diaries.length + record.alerts.length
  }
  return { subjects, values, rows }
}

it("is issued for the data manager's gateway session: that person, that session, one EXPORT_READER grant", async () => {
  const own = sessionOf(await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT))
  const claims = JSON.parse(Buffer.from(credential.split('.')[1]!, 'base64url').toString())
  expect(claims).toMatchObject({ sub: own.userId, sid: own.sessionId })
  expect(claims.grants).toEqual([{ role: 'EXPORT_READER', studyId: study.id, siteId: null, patientId: null }])
})

it("reads ONC-3017 with the exporter exactly as the data manager's own token does", async () => {
  const asDataManager = await readStudy(
    supergraphClient(supergraph.gatewayUrl, () => supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)),
    'ONC-3017',
  )
  const asExportJob = await readStudy(
    supergraphClient(supergraph.gatewayUrl, () => credential),
    'ONC-3017',
  )
  expect(asExportJob.metadata).toEqual(asDataManager.metadata)
  expect(asExportJob.subjectCount).toBe(data.patients.patients.filter((p) => p.studyId === study.id).length)
  expect(asExportJob.subjectsPerSite).toEqual(asDataManager.subjectsPerSite)
  const [mine, job] = [await contentsOf(asDataManager), await contentsOf(asExportJob)]
  expect(job.subjects).toHaveLength(asExportJob.subjectCount)
  expect(job.values).toBeGreaterThan(1000)
  expect(job).toEqual(mine)
})

it('reads the audit trail of form values with the names of the people in it, never their contact details', async () => {
  const values = [
    ['I.VSDAT', unentered.actualDate!.toISOString().slice(0, 10)],
    ['I.PULSE', '71'],
  ].map(([item, value]) => ({ group: 'IG.VS', item, value }))
  const saved = await supergraph.post(
    operation('SaveFormData'),
    { input: { visitId: unentered.id, formOid: 'F.VS', expectedVersion: 0, values } },
    { as: crc },
  )
  expect(saved.body.errors).toBeUndefined()
  const trail = (actor: string) =>
    `query($id: ID!) { patient(id: $id) { visits { id forms { formOid values { item auditTrail { operation actor { ${actor} } } } } } } }`
  const named = await asReader(trail('id displayName givenName familyName organization'), {
    id: unentered.patientId,
  })
  expect(named.body.errors).toBeUndefined()
  const actors = named.body
    .data!.patient.visits.flatMap((v: any) => v.forms ?? [])
    .flatMap((f: any) => f.values)
    .flatMap((v: any) => v.auditTrail ?? [])
    .map((e: any) => e.actor)
    .filter(Boolean)
  const crcUser = data.users.users.find((u) => u.email === crc)!
  expect(actors).toContainEqual(
    expect.objectContaining({ givenName: crcUser.givenName, familyName: crcUser.familyName }),
  )

  const contact = await asReader(trail('id email phone'), { id: unentered.patientId })
  expect(new Set(codesOf(contact.body))).toEqual(new Set(['FORBIDDEN']))
  expect(contact.body.errors!.every((e) => ['email', 'phone'].includes(String(e.path?.at(-1))))).toBe(true)
  expect(JSON.stringify(contact.body.data)).not.toContain(crcUser.email)
})

it("reads no contact detail of the study's staff, only their names", async () => {
  const { body } = await asReader(`query($id: ID!) { site(id: $id) { staff { displayName email phone } } }`, {
    id: site.id,
  })
  const staff = body.data!.site.staff as { displayName: string; email: string | null; phone: string | null }[]
  expect(staff.length).toBeGreaterThan(0)
  expect(staff.every((s) => s.displayName && s.email === null && s.phone === null)).toBe(true)
  expect(new Set(codesOf(body))).toEqual(new Set(['FORBIDDEN']))
})

it("reads nothing of another study: neither its subjects nor the study (the exporter's read refuses)", async () => {
  const { body } = await asReader(operation('PatientFullView'), { id: otherStudyPatient.id })
  expect({ patient: body.data?.patient ?? null, codes: codesOf(body) }).toEqual({ patient: null, codes: ['FORBIDDEN'] })
  await expect(
    readStudy(
      supergraphClient(supergraph.gatewayUrl, () => credential),
      'RHE-2204',
    ),
  ).rejects.toThrow()
})

it('reads no treatment arm (the allocation is blinded, as for the data manager)', async () => {
  const ALLOCATION = `query($id: ID!) { patient(id: $id) { allocation { randomizationNumber arm { code name } } kits { kitNumber } } }`
  const arms = armTracer(study.id)
  // The subject is randomised to an arm (the demo supply's list): there is one to hide.
  expect(demoSupply(data).entries.find((e) => e.patientId === enrolled.id)?.armId).toEqual(expect.any(String))
  const { body } = await asReader(ALLOCATION, { id: enrolled.id })
  expect(body.data!.patient.allocation).toEqual({ randomizationNumber: expect.any(String), arm: null })
  expect(codesOf(body)).toEqual(['FORBIDDEN'])
  expect(arms(JSON.stringify(body))).toEqual([])
  const stock = await asReader(operation('SiteStock'), { siteId: site.id, unblinded: true })
  expect(stock.body.data!.site.stock.byArm).toBeNull()
  expect(arms(JSON.stringify(stock.body))).toEqual([])
})

describe('writes nothing: every mutation FORBIDDEN', () => {
  it.each<[string, () => Promise<{ body: { errors?: { extensions?: Record<string, unknown> }[] } }>]>([
    [
      'saving form data',
      () =>
        asReader(operation('SaveFormData'), {
          input: { visitId: baseline.id, formOid: 'F.VS', expectedVersion: 99, values: [] },
        }),
    ],
    ['a diary entry', () => asReader(operation('SubmitEproEntry'), { input: diaryEntryInput(enrolled.id, 2) })],
    [
      'acknowledging an alert',
      async () => {
        // A pain-9 diary entry by the CRC raises one; the export job reads the site's alerts (it exports them).
        const diary = await supergraph.post(
          operation('SubmitEproEntry'),
          { input: diaryEntryInput(enrolled.id, 9) },
          {
            as: crc,
          },
        )
        expect(diary.body.errors).toBeUndefined()
        const [alert] = await eventually(
          async () =>
            ((
              await asReader(`query($s: [ID!]!) { adverseEventAlerts(siteIds: $s, first: 1) { id } }`, { s: [site.id] })
            ).body.data?.adverseEventAlerts ?? []) as { id: string }[],
          (list: unknown[]) => list.length > 0,
          // The suite's first alert: epro's consumer joins a new Kafka group first, slow on a loaded machine.
          120_000,
        )
        return asReader(operation('AcknowledgeAlert'), {
          alertId: alert!.id,
          userId: sessionOf(credential).userId,
        })
      },
    ],
    [
      'publishing a form definition',
      () =>
        asReader(operation('PublishFormDefinition'), {
          input: { studyId: study.id, definition: '{}', expectedVersion: 1, reasonForChange: 'export reader' },
        }),
    ],
    [
      'granting a role',
      () =>
        asReader(`mutation($i: GrantRoleInput!) { grantRole(input: $i) { id } }`, {
          i: { userId: sessionOf(credential).userId, role: 'SPONSOR', studyId: study.id },
        }),
    ],
  ])('%s', async (_what, attempt) => {
    const { body } = await attempt()
    expect(codesOf(body)).toEqual(['FORBIDDEN'])
  })
})

// Last: it revokes the data manager's role.
it("stops at the data manager's next request once their role is revoked, and no new one is issued", async () => {
  const { body } = await supergraph.post(`{ me { roles { id role study { id } site { id } } } }`)
  const dm = (body.data!.me.roles as { id: string; role: string; study: { id: string } | null; site: unknown }[]).find(
    (r) => r.role === 'DATA_MANAGER' && r.study?.id === study.id && r.site === null,
  )!
  const revoked = await supergraph.post(
    `mutation($id: ID!) { revokeRole(roleAssignmentId: $id, reason: "export reader e2e") { revokedAt } }`,
    { id: dm.id },
    { as: studyManager() },
  )
  expect(revoked.body.errors).toBeUndefined()
  const after = await asReader(`query($id: ID!) { patient(id: $id) { id } }`, { id: enrolled.id })
  expect(after.status).toBe(401)
  expect(after.body.errors![0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED', reason: 'GRANTS_CHANGED' })
  const again = await requestExportCredential(supergraph, {
    ...sessionOf(await supergraph.tokenFor(DEFAULT_E2E_ACCOUNT)),
    studyId: study.id,
  })
  expect(again.status).toBe(403)
  expect(again.body.errors![0]!.message).toMatch(/no role that exports this study/)
})
