import crypto from 'node:crypto'
import { inventorySubgraph } from '../subgraph'
import type { InventoryPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { identityWith } from '../../../test/support/gatewayCredentials'
import { startCredentialIssuer } from '../../../test/support/signatureCredentials'
import { EMERGENCY_UNBLINDING_MEANING } from '../../../contracts/signatureCredential'
import type { Identity } from '../../../contracts/identity'
import { randomizeAndAllocate } from '../allocation/randomizeAndAllocate'
import { ARMS, nextArms, seedInventoryFixtures, SENTINELS, SITE, STUDY, stockKits } from './inventoryFixtures'

// §8 blinding on real Postgres: every blinded role reads the subject's kits and allocation and the
// site's stock through `_entities` (what the gateway sends, and what anyone holding an assertion
// could send by hand), and no arm code, arm name, arm id or manufacturing lot appears anywhere in
// the raw response — data, errors or extensions. The pharmacist (positive control) sees them.
let inventory: SubgraphUnderTest<InventoryPrisma>
let issuer: Awaited<ReturnType<typeof startCredentialIssuer>>
const PATIENT = 'e0000000-0000-4000-8000-000000000001'
const OTHER_PATIENT = 'e0000000-0000-4000-8000-000000000002'

const at = (role: Identity['grants'][number]['role'], scope: { siteId?: string | null; patientId?: string } = {}) =>
  identityWith({ role, studyId: STUDY, siteId: SITE, ...scope })
const ROLES = {
  crc: at('CRC'),
  investigator: at('INVESTIGATOR'),
  monitor: at('MONITOR', { siteId: null }),
  dataManager: at('DATA_MANAGER', { siteId: null }),
  sponsor: at('SPONSOR', { siteId: null }),
  studyManager: at('STUDY_MANAGER', { siteId: null }),
  patient: at('PATIENT', { patientId: PATIENT }),
}
const PHARMACIST = at('UNBLINDED_PHARMACIST', { siteId: null })

beforeAll(async () => {
  issuer = await startCredentialIssuer()
  inventory = await startSubgraphUnderTest(inventorySubgraph, async (prisma) => {
    await seedInventoryFixtures(prisma)
    await prisma.subject.createMany({
      data: [
        { patientId: PATIENT, studyId: STUDY, siteId: SITE, subjectNumber: '101-001' },
        { patientId: OTHER_PATIENT, studyId: STUDY, siteId: SITE, subjectNumber: '101-002' },
      ],
    })
    for (const armId of await nextArms(prisma, 2)) await stockKits(prisma, armId, 1)
    for (const arm of ARMS) await stockKits(prisma, arm.id, 3)
    for (const patientId of [PATIENT, OTHER_PATIENT])
      await randomizeAndAllocate(prisma, { sagaId: crypto.randomUUID(), patientId, studyId: STUDY, siteId: SITE })
  })
}, 60_000)
afterAll(async () => {
  await inventory?.stop()
  await issuer?.stop()
})

const PROBE = `query($r: [_Any!]!) { _entities(representations: $r) {
  ... on Patient { id kits { kitNumber status packagingLot expiresOn } allocation { randomizationNumber randomizedAt arm { code name } } }
  ... on Site { id stock { availableKits lowStock byArm { arm { code name } available allocated quarantined threshold } } } } }`
const probe = (as: Identity, patientId = PATIENT) =>
  inventory.post(
    PROBE,
    {
      r: [
        { __typename: 'Patient', id: patientId },
        { __typename: 'Site', id: SITE },
      ],
    },
    {},
    as,
  )
const leaked = (body: unknown) => SENTINELS.filter((s) => JSON.stringify(body).includes(s))

test.each(Object.entries(ROLES))(
  '%s: no arm, arm id or manufacturing lot anywhere in the response',
  async (_who, as) => {
    const { body } = await probe(as)
    expect(leaked(body)).toEqual([])
    // The field that would carry it is refused with the constant sentence, never silently empty.
    const messages = (body.errors ?? []).map((e) => e.message)
    expect(
      messages.some((m) => m === 'Treatment allocation is blinded for your role.' || /do not have access/.test(m)),
    ).toBe(true)
  },
)

test('site staff see the kits and the stock totals, without the arm', async () => {
  const { body } = await probe(ROLES.crc)
  const [patient, site] = (body.data as { _entities: Record<string, unknown>[] })._entities
  expect(patient).toMatchObject({
    kits: [{ status: 'ALLOCATED', packagingLot: 'PKG-0001' }],
    allocation: { randomizationNumber: '101-R0001', arm: null },
  })
  expect(site).toMatchObject({ stock: { availableKits: 6, lowStock: false, byArm: null } })
})

test('the unblinded pharmacist sees the arm and the stock per arm (positive control)', async () => {
  const { body } = await probe(PHARMACIST)
  expect(body.errors).toBeUndefined()
  expect(leaked(body).length).toBeGreaterThan(0)
  const [, site] = (body.data as { _entities: { stock?: { byArm: unknown[] } }[] })._entities
  expect(site!.stock!.byArm).toHaveLength(2)
})

const UNBLIND = `mutation($i: EmergencyUnblindInput!) { emergencyUnblind(input: $i) { patientId unblindedAt arm { code name } } }`
const unblind = async (as: Identity, credential: Promise<string> | string, patientId = PATIENT) =>
  inventory.post(
    UNBLIND,
    {
      i: {
        patientId,
        reason: 'Anaphylaxis: treating physician needs the treatment',
        signatureCredential: await credential,
      },
    },
    {},
    as,
  )
const credentialFor = (as: Identity, patientId = PATIENT, extra = {}) =>
  issuer.credential({ sub: as.userId, record: `UNBLIND:${patientId}`, meaning: EMERGENCY_UNBLINDING_MEANING, ...extra })
const code = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code

test.each<[string, () => Promise<string> | string]>([
  [
    'signed by a key the users subgraph does not publish',
    () => credentialFor(ROLES.investigator, PATIENT, { key: issuer.foreignKey }),
  ],
  ['issued to someone else', () => credentialFor(ROLES.crc)],
  ['for another subject', () => credentialFor(ROLES.investigator, OTHER_PATIENT)],
  ['for another meaning', () => credentialFor(ROLES.investigator, PATIENT, { meaning: 'I have reviewed the data' })],
  ['expired', () => credentialFor(ROLES.investigator, PATIENT, { ttl: -60 })],
  ['not a token at all', () => 'not-a-jwt'],
])('emergency unblinding refuses a credential %s, revealing nothing', async (_label, make) => {
  const { body } = await unblind(ROLES.investigator, make())
  expect(code(body)).toBe('UNBLINDING_CREDENTIAL_INVALID')
  expect(leaked(body)).toEqual([])
  expect(await inventory.prisma.unblinding.count()).toBe(0)
})

test('a CRC may not unblind, even with a valid credential of their own', async () => {
  const { body } = await unblind(ROLES.crc, credentialFor(ROLES.crc))
  expect(code(body)).toBe('FORBIDDEN')
  expect(leaked(body)).toEqual([])
})

test('the investigator unblinds one subject: audited without the arm, then reads that subject’s arm only', async () => {
  const credential = await credentialFor(ROLES.investigator)
  const { body } = await unblind(ROLES.investigator, credential)
  expect(body.errors).toBeUndefined()
  const entry = await inventory.prisma.randomizationEntry.findUniqueOrThrow({ where: { patientId: PATIENT } })
  const arm = ARMS.find((a) => a.id === entry.armId)!
  expect(body.data).toMatchObject({ emergencyUnblind: { patientId: PATIENT, arm: { code: arm.code, name: arm.name } } })
  // The same credential unblinds once.
  expect(code((await unblind(ROLES.investigator, credential)).body)).toBe('UNBLINDING_CREDENTIAL_INVALID')

  const trail = await inventory.prisma.auditEvent.findMany({ where: { entityType: 'Unblinding' } })
  expect(trail).toHaveLength(1)
  const events = await inventory.prisma.outboxEvent.findMany({ where: { eventType: 'EmergencyUnblinded' } })
  expect(events).toHaveLength(1)
  const written = JSON.stringify([trail.map((t) => [t.newValue, t.oldValue]), events.map((e) => e.payload)])
  expect(SENTINELS.filter((s) => written.includes(s))).toEqual([])

  const own = (await probe(ROLES.investigator)).body
  expect(JSON.stringify(own)).toContain(arm.code)
  expect(leaked((await probe(ROLES.investigator, OTHER_PATIENT)).body)).toEqual([])
  expect(leaked((await probe(ROLES.crc)).body)).toEqual([])
})
