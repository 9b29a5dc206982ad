import crypto from 'node:crypto'
import type { CryptoKey } from 'jose'
import { edcSubgraph } from '../subgraph'
import type { EdcPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { startCredentialIssuer } from '../../../test/support/signatureCredentials'
import { BASELINE_VISIT, formOf, PATIENT, seedEdcFixtures, STAFF, WEEK_2_VISIT } from './edcFixtures'

// Part 11 signatures on real Postgres: credentials signed by a key published at a real JWKS URL,
// as the users subgraph publishes its own (its confirmSignature is tested in the users suite).
let edc: SubgraphUnderTest<EdcPrisma>
const { investigator: INVESTIGATOR, crc: CRC } = STAFF
let issuer: Awaited<ReturnType<typeof startCredentialIssuer>>
const MEANING = 'I approve the data as accurate and complete'
const RECORD = `CASEBOOK:${PATIENT}`

beforeAll(async () => {
  issuer = await startCredentialIssuer()
  edc = await startSubgraphUnderTest(edcSubgraph, seedEdcFixtures, {}, CRC)
  // Data to sign: the baseline form, complete.
  const { body } = await save(0, { 'I.VSDAT': '2026-11-02', 'I.SYSBP': '128', 'I.DIABP': '82' }, { complete: true })
  expect(body.errors).toBeUndefined()
})
afterAll(async () => {
  await edc?.stop()
  await issuer?.stop()
})

function save(expectedVersion: number, values: Record<string, string>, extra = {}) {
  return edc.post(
    `mutation($input: SaveFormDataInput!) { saveFormData(input: $input) { form { version } } }`,
    {
      input: {
        visitId: BASELINE_VISIT,
        formOid: 'F.VS',
        expectedVersion,
        values: Object.entries(values).map(([item, value]) => ({ group: 'IG.VS', item, value })),
        ...extra,
      },
    },
    {},
    CRC,
  )
}

function credential(
  claims: Partial<{ sub: string; record: string; meaning: string; key: CryptoKey; ttl: number }> = {},
) {
  return issuer.credential({ sub: INVESTIGATOR.userId, meaning: MEANING, record: RECORD, ...claims })
}

const SIGN = `mutation($i: SignDataInput!) { signData(input: $i) {
  id scope targetId signerId printedName meaning signedAt status digest invalidatedAt } }`
const sign = async (token: string | Promise<string>, as = INVESTIGATOR, targetId = PATIENT) =>
  edc.post(SIGN, { i: { scope: 'CASEBOOK', targetId, meaning: MEANING, credential: await token } }, {}, as)
const code = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code
const CASEBOOK = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient {
  casebook { status signatures { status invalidatedReason } } } } }`

it.each<[string, () => Promise<string>]>([
  ['signed by a key the users subgraph does not publish', () => credential({ key: issuer.foreignKey })],
  ['issued to someone else', () => credential({ sub: crypto.randomUUID() })],
  ['for another record', () => credential({ record: `CASEBOOK:${crypto.randomUUID()}` })],
  ['for another meaning', () => credential({ meaning: 'I have reviewed the data' })],
  ['expired', () => credential({ ttl: -60 })],
  ['not a token at all', async () => 'not-a-jwt'],
])('refuses a credential %s (SIGNATURE_CREDENTIAL_INVALID), signing nothing', async (_label, make) => {
  expect(code((await sign(make())).body)).toBe('SIGNATURE_CREDENTIAL_INVALID')
  expect(await edc.prisma.signature.count()).toBe(0)
})

it('refuses a CRC, even with a valid credential of their own', async () => {
  expect(code((await sign(credential({ sub: CRC.userId }), CRC)).body)).toBe('FORBIDDEN')
})

it('signs the casebook: printed name, meaning, UTC time, digest; a credential signs once', async () => {
  const token = await credential()
  const { body } = await sign(token)
  expect(body.errors).toBeUndefined()
  expect(body.data!.signData).toMatchObject({
    scope: 'CASEBOOK',
    targetId: PATIENT,
    signerId: INVESTIGATOR.userId,
    printedName: 'Dr. Ines Varga',
    meaning: MEANING,
    status: 'VALID',
    invalidatedAt: null,
    digest: expect.stringMatching(/^[0-9a-f]{64}$/),
  })
  expect(code((await sign(token)).body)).toBe('SIGNATURE_CREDENTIAL_INVALID')
  const casebook = await edc.post(CASEBOOK, { r: [{ __typename: 'Patient', id: PATIENT }] }, {}, CRC)
  expect(casebook.body.data!._entities).toEqual([
    { casebook: { status: 'SIGNED', signatures: [{ status: 'VALID', invalidatedReason: null }] } },
  ])
  const form = await edc.post(`query($id: ID!) { form(id: $id) { status } }`, { id: formOf(BASELINE_VISIT) }, {}, CRC)
  expect(form.body.data).toEqual({ form: { status: 'SIGNED' } })
})

it('a change to signed data invalidates the signature, visibly and in the audit trail', async () => {
  const { body } = await save(1, { 'I.DIABP': '84' }, { reasonForChange: 'Re-measured' })
  expect(body.errors).toBeUndefined()
  const casebook = await edc.post(CASEBOOK, { r: [{ __typename: 'Patient', id: PATIENT }] }, {}, CRC)
  expect(casebook.body.data!._entities).toEqual([
    {
      casebook: {
        status: 'IN_PROGRESS',
        signatures: [
          { status: 'INVALIDATED', invalidatedReason: 'Signed data changed: IG.VS[1].I.DIABP (Re-measured)' },
        ],
      },
    },
  ])
  const signature = await edc.prisma.signature.findFirstOrThrow()
  const trail = await edc.prisma.auditEvent.findMany({
    where: { entityId: signature.id },
    orderBy: { sequence: 'asc' },
  })
  expect(trail.map((a) => [a.operation, a.newValue])).toEqual([
    ['CREATE', expect.objectContaining({ digest: signature.digest, printedName: 'Dr. Ines Varga' })],
    ['UPDATE', 'INVALIDATED'],
  ])
  // Signing again covers the data as it is now.
  const again = await sign(credential())
  expect(again.body.data!.signData).toMatchObject({ status: 'VALID' })
  expect((again.body.data!.signData as { digest: string }).digest).not.toBe(signature.digest)
})

it('signs one visit: a change elsewhere in the casebook leaves it valid, a change in the visit invalidates it', async () => {
  const week2 = { visitId: WEEK_2_VISIT, complete: true }
  expect(
    (await save(0, { 'I.VSDAT': '2026-11-16', 'I.SYSBP': '126', 'I.DIABP': '80' }, week2)).body.errors,
  ).toBeUndefined()
  const signVisit = async (token: string) =>
    edc.post(
      SIGN,
      { i: { scope: 'VISIT', targetId: WEEK_2_VISIT, meaning: MEANING, credential: token } },
      {},
      INVESTIGATOR,
    )
  // A credential confirmed for the casebook does not sign a visit of it.
  expect(code((await signVisit(await credential())).body)).toBe('SIGNATURE_CREDENTIAL_INVALID')
  const signed = await signVisit(await credential({ record: `VISIT:${WEEK_2_VISIT}` }))
  expect(signed.body.data!.signData).toMatchObject({ scope: 'VISIT', targetId: WEEK_2_VISIT, status: 'VALID' })
  const statuses = async () => {
    const { body } = await edc.post(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Patient { casebook { signatures { scope status } } } } }`,
      { r: [{ __typename: 'Patient', id: PATIENT }] },
      {},
      CRC,
    )
    const { signatures } = (
      body.data!._entities as { casebook: { signatures: { scope: string; status: string }[] } }[]
    )[0]!.casebook
    return signatures.map((s) => `${s.scope} ${s.status}`).sort()
  }
  // Entering week 2 changed the casebook its second signature covered (week 2 was not started
  // then): both casebook signatures are invalidated, the visit's, made after, is valid.
  expect(await statuses()).toEqual(['CASEBOOK INVALIDATED', 'CASEBOOK INVALIDATED', 'VISIT VALID'])
  const baseline = await edc.prisma.formData.findUniqueOrThrow({ where: { id: formOf(BASELINE_VISIT) } })
  expect(
    (await save(baseline.version, { 'I.DIABP': '83' }, { reasonForChange: 'Transcription error' })).body.errors,
  ).toBeUndefined()
  expect(await statuses()).toEqual(['CASEBOOK INVALIDATED', 'CASEBOOK INVALIDATED', 'VISIT VALID'])
  expect((await save(1, { 'I.DIABP': '78' }, { ...week2, reasonForChange: 'Re-measured' })).body.errors).toBeUndefined()
  expect(await statuses()).toEqual(['CASEBOOK INVALIDATED', 'CASEBOOK INVALIDATED', 'VISIT INVALIDATED'])
})
