import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { operation } from './support/operations'
import { demoDataset } from '../demo-data'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'

// A Vital Signs form's life, through the real gateway, six subgraph processes and the demo accounts:
// entry with edit checks, completion, SDV, a query answered with a changed value, lock, a Part 11
// signature with the password, and its invalidation — then the same story in one full-view query.
jest.setTimeout(300_000)

const CRC = 'daniel.whitfield@crestmoor-cancer.example'
const INVESTIGATOR = 'amara.okafor@crestmoor-cancer.example'
const MONITOR = 'kwame.mensah@northbridge-cro.example'
const DATA_MANAGER = 'ingrid.nilsson@northbridge-cro.example'
const MEANING = 'I approve the data as accurate and complete'

const data = demoDataset()
const crcUser = data.users.users.find((u) => u.email === CRC)!
const crcSite = data.users.roleAssignments.find((r) => r.userId === crcUser.id && r.role === 'CRC')!.siteId
// A patient of the CRC's site with a past visit whose Vital Signs nobody has entered yet.
const entered = new Set(data.edc.formEntries.map((e) => `${e.visitId}:${e.formOid}`))
const visit = data.patients.visits.find((v) => {
  const patient = data.patients.patients.find((p) => p.id === v.patientId)
  return (
    patient?.siteId === crcSite &&
    v.status === 'COMPLETED' &&
    v.visitType === 'TREATMENT' &&
    !entered.has(`${v.id}:F.VS`)
  )
})!
const patientId = visit.patientId
const visitDate = visit.actualDate!.toISOString().slice(0, 10)

let supergraph: SupergraphUnderTest
beforeAll(async () => {
  supergraph = await startSupergraphUnderTest({ account: CRC })
})
afterAll(() => supergraph?.stop())

const code = (body: { errors?: { extensions?: Record<string, unknown> }[] }) => body.errors?.[0]?.extensions?.code
async function ok<T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown>,
  as: string,
): Promise<T> {
  const { body } = await supergraph.post(query, variables, { as })
  expect(body.errors).toBeUndefined()
  return body.data as T
}

const FORM_FIELDS = `id status version openQueryCount values { group item value verified TRAIL }
  queries { id status origin checkId messages { action text } }`
// The site sees its form; the audit trail is for monitors and data managers.
const FORM = `query($id: ID!) { form(id: $id) { ${FORM_FIELDS.replace('TRAIL', '')} } }`
const FORM_WITH_TRAIL = `query($id: ID!) { form(id: $id) { ${FORM_FIELDS.replace(
  'TRAIL',
  'auditTrail { operation field oldValue newValue reasonForChange actor { displayName } }',
)} } }`
const SAVE = `mutation($input: SaveFormDataInput!) { saveFormData(input: $input) {
  form { id status version } warnings { checkId item } openedQueries { id checkId } } }`
const vitalSigns = (values: Record<string, string>) =>
  Object.entries(values).map(([item, value]) => ({ group: 'IG.VS', item, value }))
const save = (expectedVersion: number, values: Record<string, string>, extra: Record<string, unknown> = {}) =>
  supergraph.post(
    SAVE,
    { input: { visitId: visit.id, formOid: 'F.VS', expectedVersion, values: vitalSigns(values), ...extra } },
    { as: CRC },
  )

it('runs a Vital Signs form from entry to a signed, locked casebook, and shows it in one full-view query', async () => {
  const values = {
    'I.VSDAT': visitDate,
    'I.VSPOS': 'SITTING',
    'I.SYSBP': '172', // above the expected range: stored, with a query
    'I.DIABP': '88',
    'I.PULSE': '400', // impossible: refused, nothing stored
    'I.TEMP': '36.8',
    'I.WEIGHT': '71.5',
  }
  // 1. The CRC enters the form: the impossible pulse refuses the whole save.
  const refused = await save(0, values)
  expect(code(refused.body)).toBe('EDIT_CHECK_FAILED')
  expect(refused.body.errors![0]!.extensions!.findings).toEqual([
    expect.objectContaining({ item: 'I.PULSE', checkId: 'I.PULSE.RANGE' }),
  ])
  const { saveFormData: first } = await ok<{ saveFormData: { form: { id: string; version: number } } }>(
    SAVE,
    {
      input: {
        visitId: visit.id,
        formOid: 'F.VS',
        expectedVersion: 0,
        values: vitalSigns({ ...values, 'I.PULSE': '72' }),
      },
    },
    CRC,
  )
  const formId = first.form.id
  expect(first.form.version).toBe(1)
  const form = (
    await ok<{ form: { status: string; queries: { checkId: string; status: string }[] } }>(FORM, { id: formId }, CRC)
  ).form
  expect(form.status).toBe('IN_PROGRESS')
  expect(form.queries).toEqual([expect.objectContaining({ checkId: 'I.SYSBP.RANGE', status: 'OPEN' })])

  // 2. Completed; the monitor verifies it and raises a query on the systolic value.
  await ok(SAVE, { input: { visitId: visit.id, formOid: 'F.VS', expectedVersion: 1, values: [], complete: true } }, CRC)
  await ok(`mutation($i: VerifyFormDataInput!) { verifyFormData(input: $i) { status } }`, { i: { formId } }, MONITOR)
  const raised = await ok<{ raiseDataQuery: { id: string } }>(
    `mutation($i: RaiseDataQueryInput!) { raiseDataQuery(input: $i) { id } }`,
    { i: { formId, group: 'IG.VS', item: 'I.SYSBP', text: 'Please check 172 against the source document.' } },
    MONITOR,
  )

  // 3. The CRC answers and corrects the value: a reason is required; the verification is cleared.
  expect(code((await save(2, { 'I.SYSBP': '127' })).body)).toBe('REASON_FOR_CHANGE_REQUIRED')
  await ok(
    `mutation($i: RespondToDataQueryInput!) { respondToDataQuery(input: $i) { status } }`,
    { i: { queryId: raised.raiseDataQuery.id, action: 'ANSWER', text: 'Transcription error: 127 in the source.' } },
    CRC,
  )
  const corrected = await save(2, { 'I.SYSBP': '127' }, { reasonForChange: 'Transcription error' })
  expect(corrected.body.errors).toBeUndefined()

  // 4. The data manager closes the query and locks the casebook; an edit is refused.
  await ok(
    `mutation($i: RespondToDataQueryInput!) { respondToDataQuery(input: $i) { status } }`,
    { i: { queryId: raised.raiseDataQuery.id, action: 'CLOSE' } },
    DATA_MANAGER,
  )
  const setLock = (action: string, reason?: string) =>
    supergraph.post(
      `mutation($i: SetDataLockInput!) { setDataLock(input: $i) { state } }`,
      { i: { level: 'CASEBOOK', targetId: patientId, action, reason } },
      { as: DATA_MANAGER },
    )
  expect((await setLock('LOCK')).body.data).toEqual({ setDataLock: { state: 'LOCKED' } })
  expect(code((await save(3, { 'I.DIABP': '86' }, { reasonForChange: 'Late correction' })).body)).toBe('DATA_LOCKED')

  // 5. The investigator signs with their password; a wrong password is refused.
  const record = `CASEBOOK:${patientId}`
  const CONFIRM = `mutation($i: ConfirmSignatureInput!) { confirmSignature(input: $i) { token printedName } }`
  const wrong = await supergraph.post(
    CONFIRM,
    { i: { password: 'not-my-password', meaning: MEANING, record } },
    { as: INVESTIGATOR },
  )
  expect(code(wrong.body)).toBe('INVALID_CREDENTIALS')
  const password = process.env.DEMO_ACCOUNT_PASSWORD ?? DEFAULT_DEMO_PASSWORD
  const confirmed = await ok<{ confirmSignature: { token: string; printedName: string } }>(
    CONFIRM,
    { i: { password, meaning: MEANING, record } },
    INVESTIGATOR,
  )
  const signed = await ok<{ signData: { status: string; printedName: string } }>(
    `mutation($i: SignDataInput!) { signData(input: $i) { status printedName meaning signedAt } }`,
    { i: { scope: 'CASEBOOK', targetId: patientId, meaning: MEANING, credential: confirmed.confirmSignature.token } },
    INVESTIGATOR,
  )
  expect(signed.signData).toMatchObject({ status: 'VALID', printedName: confirmed.confirmSignature.printedName })

  // 6. Unlocked with a reason, a signed value changes: the signature is visibly invalidated.
  expect((await setLock('UNLOCK', 'Late lab correction agreed with the sponsor')).body.data).toEqual({
    setDataLock: { state: 'NONE' },
  })
  expect((await save(3, { 'I.DIABP': '86' }, { reasonForChange: 'Late correction' })).body.errors).toBeUndefined()

  // The same story, read as the monitor sees it: one full-view request.
  const { patient } = await ok<{ patient: Record<string, any> }>(
    operation('PatientFullView'),
    { id: patientId },
    MONITOR,
  )
  const visitView = patient.visits.find((v: { id: string }) => v.id === visit.id)
  expect(visitView.forms).toEqual(
    expect.arrayContaining([expect.objectContaining({ formOid: 'F.VS', status: 'COMPLETE', version: 4 })]),
  )
  expect(patient.casebook.signatures[0]).toMatchObject({
    meaning: MEANING,
    status: 'INVALIDATED',
    invalidatedReason: 'Signed data changed: IG.VS[1].I.DIABP (Late correction)',
  })
  const final = (await ok<{ form: any }>(FORM_WITH_TRAIL, { id: formId }, MONITOR)).form
  const systolic = final.values.find((v: { item: string }) => v.item === 'I.SYSBP')
  expect(systolic).toMatchObject({ value: '127', verified: false })
  expect(systolic.auditTrail).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        field: 'IG.VS[1].I.SYSBP',
        oldValue: '"172"',
        newValue: '"127"',
        reasonForChange: 'Transcription error',
      }),
      expect.objectContaining({ field: 'verified', oldValue: 'true', newValue: 'false' }),
    ]),
  )
  expect(final.queries.map((q: { origin: string; status: string }) => [q.origin, q.status])).toEqual([
    ['EDIT_CHECK', 'CLOSED'],
    ['MANUAL', 'CLOSED'],
  ])
})
