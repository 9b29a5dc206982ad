import { postGraphQL } from '../test/support/graphqlClient'
import { gatewayHeaders } from '../test/support/gatewayCredentials'
import { eventually } from '../test/support/eventually'
import { operation } from './support/operations'
import { requestEnrollment, screenSubject } from './support/enrollmentFlow'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { crcAt, dataManagerOf, studyManager, unblindedPharmacistAt } from '../test/support/demoAccounts'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'
import { EMERGENCY_UNBLINDING_MEANING } from '../contracts/signatureCredential'
import type { Identity } from '../contracts/identity'
import { armTracer } from './support/armTraces'
import { demoDataset } from '../demo-data'

// Blinding per role, end to end: after a real enrollment through the gateway (real Postgres, real
// Kafka), every blinded role reads everything it can reach about the subject and the site — the
// full view, kits, allocation, stock, the site dashboard, inventory's _entities directly (as the
// gateway would call it, with the role's identity), error answers (a wrong kit, forbidden
// mutations) and the audit trails — and the whole body of every answer is searched for ONC-3017's
// arms: their codes (as a JSON code value), names, ids, supply codes and lot numbers. The unblinded
// pharmacist, and the investigator once they emergency-unblinded the subject, do see the arm: the
// search finds it when it is there.
jest.setTimeout(300_000)

const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const site = data.studies.sites.find((s) => s.studyId === study.id && s.siteNumber === '101')!
const { users, roleAssignments } = data.users
/** A demo account holding `role` at the site, or else study-wide in ONC-3017. */
const holderOf = (role: string) => {
  const grant =
    roleAssignments.find((r) => r.role === role && r.siteId === site.id && !r.revokedAt) ??
    roleAssignments.find((r) => r.role === role && r.studyId === study.id && !r.revokedAt)
  if (!grant) throw new Error(`no demo ${role} at site 101 or in ONC-3017`)
  return users.find((u) => u.id === grant.userId)!.email
}
const INVESTIGATOR = holderOf('INVESTIGATOR')
const BLINDED: [string, string][] = [
  ['CRC', crcAt(site.id)],
  ['investigator (not unblinded)', INVESTIGATOR],
  ['monitor', holderOf('MONITOR')],
  ['data manager', dataManagerOf(study.id)],
  ['sponsor', holderOf('SPONSOR')],
  ['study manager', studyManager()],
]

/** Every trace of an arm in a raw answer: its name, id, supply code, lot numbers, or its code as a value. */
const armsIn = armTracer(study.id)

let supergraph: SupergraphUnderTest
let patientId: string
let visitId: string

beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({ account: studyManager() })
  const as = crcAt(site.id)
  patientId = await screenSubject(supergraph, site.id)
  await requestEnrollment(supergraph, patientId, site.id, 8000)
  const settled = await eventually(
    async () =>
      (
        await supergraph.post(
          `query($id: ID!) { patient(id: $id) { enrollment { state kitNumber } visits { id } } }`,
          { id: patientId },
          { as },
        )
      ).body,
    (body) => ['ENROLLED', 'FAILED'].includes(body.data?.patient?.enrollment?.state),
    90_000,
  )
  expect(settled.data!.patient.enrollment.state).toBe('ENROLLED')
  visitId = settled.data!.patient.visits[0].id
})
afterAll(() => supergraph?.stop())

const AUDIT = `auditTrail { sequence operation entityType entityId field oldValue newValue reasonForChange }`
const PATIENT_READ = `query($id: ID!) { patient(id: $id) {
  id subjectNumber enrollmentStatus
  enrollment { attempt state kitNumber randomizationNumber failure { code message } steps { name status }
    history { __typename } }
  kits { kitNumber status packagingLot expiresOn allocatedAt dispensedAt returnedAt }
  allocation { randomizationNumber randomizedAt arm { code name } }
  visits { id forms { id ${AUDIT} } }
} }`
const SITE_READ = `query($id: ID!) { site(id: $id) { id stock { availableKits lowStock byArm { arm { code name } available allocated quarantined threshold } } } }`

/** Every answer a role gets when it reads and pokes at the subject: raw bodies, labelled. */
async function everythingSeenBy(as: string): Promise<[string, string][]> {
  const seen: [string, string][] = []
  const ask = async (label: string, query: string, variables: Record<string, unknown>) => {
    const { body } = await supergraph.post(query, variables, { as })
    // A query the schema refuses would search nothing: every probe must be a valid operation.
    expect({ label, errors: body.errors?.filter((e) => e.extensions?.code === 'GRAPHQL_VALIDATION_FAILED') }).toEqual({
      label,
      errors: body.errors && [],
    })
    seen.push([label, JSON.stringify(body)])
  }
  await ask('patient (enrollment, kits, allocation, forms and their audit trails)', PATIENT_READ, { id: patientId })
  await ask('full view', operation('PatientFullView'), { id: patientId })
  await ask('site stock', SITE_READ, { id: site.id })
  await ask('site dashboard', operation('SiteDashboard'), { siteId: site.id })
  await ask('own audit trail', `{ me { id ${AUDIT} } }`, {})
  await ask('investigator’s audit trail', `query($id: ID!) { user(id: $id) { id ${AUDIT} } }`, {
    id: users.find((u) => u.email === INVESTIGATOR)!.id,
  })
  await ask(
    'dispense (a visit that is not a dispensing one, or not allowed)',
    `mutation($i: DispenseKitInput!) { dispenseKit(input: $i) { kitNumber status } }`,
    { i: { patientId, visitId } },
  )
  await ask('return a wrong kit', `mutation($i: ReturnKitInput!) { returnKit(input: $i) { kitNumber status } }`, {
    i: { patientId, kitNumber: '101-000000', reason: 'wrong kit' },
  })
  await ask(
    'low-stock threshold of an arm',
    `mutation($s: ID!, $a: String!) { setLowStockThreshold(siteId: $s, armCode: $a, threshold: 2) { available } }`,
    { s: site.id, a: 'Z' },
  )
  await ask(
    'emergency unblinding without a credential',
    `mutation($i: EmergencyUnblindInput!) { emergencyUnblind(input: $i) { arm { code name } } }`,
    { i: { patientId, reason: 'probe', signatureCredential: 'not-a-credential' } },
  )
  // Inventory's _entities straight, as the gateway would send them for this role.
  const token = await supergraph.tokenFor(as)
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
    sub: string
    sid: string
    grants: Identity['grants']
  }
  const identity: Identity = { userId: claims.sub, sessionId: claims.sid, grants: claims.grants }
  const { body } = await postGraphQL(
    `${supergraph.processes.subgraphs.inventory.spec.baseUrl}/graphql`,
    `query($r: [_Any!]!) { _entities(representations: $r) {
      ... on Patient { id kits { kitNumber status packagingLot } allocation { randomizationNumber arm { code name } } }
      ... on Site { id stock { availableKits lowStock byArm { arm { code name } available } } } } }`,
    {
      r: [
        { __typename: 'Patient', id: patientId },
        { __typename: 'Site', id: site.id },
      ],
    },
    await gatewayHeaders('inventory', identity),
  )
  seen.push(['inventory _entities', JSON.stringify(body)])
  return seen
}

const leaks = (seen: [string, string][]) =>
  seen.map(([label, raw]) => ({ label, arms: armsIn(raw) })).filter((s) => s.arms.length > 0)

test.each(BLINDED)('%s: no arm anywhere in any answer', async (_role, as) => {
  const seen = await everythingSeenBy(as)
  expect(leaks(seen)).toEqual([])
  // The reads reached the subject (the search ran over real answers, not only refusals).
  expect(seen.some(([, raw]) => raw.includes(patientId))).toBe(true)
})

test('the unblinded pharmacist of the site sees the arm', async () => {
  const seen = await everythingSeenBy(unblindedPharmacistAt(site.id))
  const labels = leaks(seen).map((l) => l.label)
  expect(labels).toEqual(expect.arrayContaining(['site stock', 'inventory _entities']))
})

test('the investigator sees the arm once they emergency-unblinded the subject', async () => {
  const credential = await supergraph.post(
    `mutation($i: ConfirmSignatureInput!) { confirmSignature(input: $i) { token } }`,
    {
      i: {
        password: process.env.DEMO_ACCOUNT_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
        meaning: EMERGENCY_UNBLINDING_MEANING,
        record: `UNBLIND:${patientId}`,
      },
    },
    { as: INVESTIGATOR },
  )
  expect(credential.body.errors).toBeUndefined()
  const unblinded = await supergraph.post(
    `mutation($i: EmergencyUnblindInput!) { emergencyUnblind(input: $i) { arm { code name } } }`,
    {
      i: {
        patientId,
        reason: 'suspected anaphylaxis',
        signatureCredential: credential.body.data!.confirmSignature.token,
      },
    },
    { as: INVESTIGATOR },
  )
  expect(unblinded.body.errors).toBeUndefined()
  expect(armsIn(JSON.stringify(unblinded.body)).length).toBeGreaterThan(0)
  const seen = await everythingSeenBy(INVESTIGATOR)
  const labels = leaks(seen).map((l) => l.label)
  expect(labels).toContain('patient (enrollment, kits, allocation, forms and their audit trails)')
})
