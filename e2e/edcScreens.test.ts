import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { expectAccessible, launchBrowser, newAppContext, screenshot, signIn } from './support/browser'
import { demoDataset } from '../demo-data'
import { crcAt, dataManagerOf } from '../test/support/demoAccounts'
import { eventually } from '../test/support/eventually'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'

// The case report form screens in a real browser against the real stack: a CRC enters a visit's
// Vital Signs (a refused value, a questioned one, completion, a change with its reason), answers
// the query; a monitor works the SDV worklist, verifies and raises a query; the investigator signs
// the casebook with their password. Every outcome is read back from the API, not from the page.
jest.setTimeout(240_000)

const data = demoDataset()
const oncology = data.studies.studies[0]!
const site = data.studies.sites.find((s) => s.studyId === oncology.id)!
const emailOfRole = (role: string, match: (r: { studyId: string | null; siteId: string | null }) => boolean) =>
  data.users.users.find((u) =>
    data.users.roleAssignments.some((r) => r.userId === u.id && r.role === role && !r.revokedAt && match(r)),
  )!
const CRC = crcAt(site.id)
const DATA_MANAGER = dataManagerOf(oncology.id)
const MONITOR = emailOfRole('MONITOR', (r) => r.studyId === oncology.id && r.siteId === null).email
const INVESTIGATOR = emailOfRole('INVESTIGATOR', (r) => r.siteId === site.id)
const PASSWORD = process.env.DEMO_ACCOUNT_PASSWORD ?? DEFAULT_DEMO_PASSWORD

let supergraph: SupergraphUnderTest
let browser: Browser
const contexts: BrowserContext[] = []

async function openAs(email: string): Promise<Page> {
  const context = await newAppContext(browser, supergraph.baseUrl)
  contexts.push(context)
  const page = await context.newPage()
  await signIn(page, email)
  return page
}

/** The stored form, as a data manager reads it (values with their audit trails). */
async function storedForm(formId: string) {
  const { body } = await supergraph.post(
    `query($id: ID!) { form(id: $id) { status version completedAt
       values { item value verified auditTrail { newValue reasonForChange } }
       queries { item origin status messages { action text } } } }`,
    { id: formId },
    { as: DATA_MANAGER },
  )
  expect(body.errors).toBeUndefined()
  return body.data!.form as {
    status: string
    version: number
    completedAt: string | null
    values: {
      item: string
      value: string | null
      verified: boolean
      auditTrail: { reasonForChange: string | null }[]
    }[]
    queries: { item: string; origin: string; status: string; messages: { action: string; text: string | null }[] }[]
  }
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10)
const item = (page: Page, oid: string) => page.locator(`[data-item="${oid}"]`)

// An enrolled subject of the site with a Vital Signs form nobody started: found through the API.
let patient: { id: string; subjectNumber: string }
let formId: string
let weight = '70.5'

beforeAll(async () => {
  ;[supergraph, browser] = await Promise.all([startSupergraphUnderTest({ account: CRC }), launchBrowser()])
  const enrolled = data.patients.patients.filter((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')
  for (const candidate of enrolled) {
    const { body } = await supergraph.post(
      'query($id: ID!) { patient(id: $id) { id subjectNumber visits { visitType forms { id formOid status } } } }',
      { id: candidate.id },
    )
    type VisitForms = { visitType: string; forms: { id: string; formOid: string; status: string }[] | null }
    const forms = (body.data?.patient?.visits as VisitForms[]).flatMap((v) =>
      (v.forms ?? []).map((f) => ({ ...f, visitType: v.visitType })),
    )
    const form = forms.find((f) => f.formOid === 'F.VS' && f.status === 'NOT_STARTED')
    if (!form) continue
    patient = { id: candidate.id, subjectNumber: body.data!.patient.subjectNumber }
    formId = form.id
    // The form checks weight against Baseline's (a soft check): enter the same, so the only query is ours.
    const baseline = forms.find((f) => f.formOid === 'F.VS' && f.visitType === 'BASELINE' && f.status !== 'NOT_STARTED')
    if (baseline) weight = (await storedForm(baseline.id)).values.find((v) => v.item === 'I.WEIGHT')?.value ?? weight
    break
  }
  expect(formId).toBeDefined()
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()))
  await browser?.close()
  await supergraph?.stop()
})

describe('case report forms in the web app', () => {
  it('a CRC enters Vital Signs: a refused value beside its item, a questioned one opens a query they answer, a later change asks its reason', async () => {
    const crc = await openAs(CRC)
    await crc.goto(`/patients/${patient.id}`)
    await crc.locator(`a[href="/forms/${formId}"]`).click()
    await crc.getByRole('heading', { name: 'Vital Signs', level: 1 }).waitFor()
    await expectAccessible(crc)

    await crc.getByLabel('Date of assessment').fill(daysAgo(2))
    await crc.getByLabel(/^Position during blood pressure/).selectOption('SITTING')
    await crc.getByLabel(/^Systolic blood pressure/).fill('400') // beyond the hard range (40–300)
    await crc.getByLabel(/^Diastolic blood pressure/).fill('80')
    await crc.getByLabel(/^Pulse rate/).fill('70')
    await crc.getByLabel(/^Body temperature/).fill('36.8')
    await crc.getByLabel(/^Body weight/).fill(weight)
    await crc.getByRole('button', { name: /^Save 7 changes$/ }).click()
    await item(crc, 'I.SYSBP').getByRole('alert').waitFor()
    expect(await item(crc, 'I.SYSBP').getByRole('alert').textContent()).toMatch(/\S/)
    expect(await crc.getByTestId('form-outcome').getAttribute('data-code')).toBe('EDIT_CHECK_FAILED')
    expect(await item(crc, 'I.PULSE').getByRole('alert').count()).toBe(0) // only the item refused
    expect(await storedForm(formId)).toMatchObject({ status: 'NOT_STARTED', version: 0, values: [] })

    // Within the hard range but above the expected one: stored, and a query opens on the item.
    await crc.getByLabel(/^Systolic blood pressure/).fill('170')
    await crc.getByRole('checkbox', { name: /Mark the form complete/ }).check()
    await crc.getByRole('button', { name: /^Save 7 changes$/ }).click()
    await crc
      .getByTestId('form-outcome')
      .getByText(/Saved \(version 1\)\. 1 query was opened\./)
      .waitFor()
    await item(crc, 'I.SYSBP')
      .getByText(/A query was opened\./)
      .waitFor()
    await crc.getByTestId('form-status').getByText('complete', { exact: true }).waitFor()
    await item(crc, 'I.SYSBP').getByText('1 open query').waitFor()
    const stored = await storedForm(formId)
    expect(stored).toMatchObject({ status: 'COMPLETE', version: 1 })
    expect(stored.values.find((v) => v.item === 'I.SYSBP')?.value).toBe('170')
    expect(stored.queries).toEqual([expect.objectContaining({ item: 'I.SYSBP', origin: 'EDIT_CHECK', status: 'OPEN' })])

    // The site answers the query in its thread, beside the item.
    await item(crc, 'I.SYSBP').getByLabel('Your answer or comment').fill('Confirmed against the source: 170.')
    await item(crc, 'I.SYSBP').getByRole('button', { name: 'Answer' }).click()
    await item(crc, 'I.SYSBP').locator('[data-query-status="ANSWERED"]').waitFor()
    expect((await storedForm(formId)).queries[0]).toMatchObject({
      status: 'ANSWERED',
      messages: expect.arrayContaining([{ action: 'ANSWER', text: 'Confirmed against the source: 170.' }]),
    })

    // A change to the completed form asks for its reason, which lands in the value's audit trail.
    await crc.getByLabel(/^Pulse rate/).fill('72')
    await crc.getByRole('button', { name: /^Save 1 change$/ }).click()
    const dialog = crc.getByRole('dialog', { name: 'Reason for change' })
    await dialog.waitFor()
    await expectAccessible(crc)
    await screenshot(crc, 'form-reason-for-change')
    await dialog.getByLabel(/Why the data changes/).fill('Transcription error; source says 72.')
    await dialog.getByRole('button', { name: 'Save with this reason' }).click()
    await crc
      .getByTestId('form-outcome')
      .getByText(/Saved \(version 2\)/)
      .waitFor()
    const changed = await storedForm(formId)
    const pulse = changed.values.find((v) => v.item === 'I.PULSE')!
    expect(pulse.value).toBe('72')
    expect(pulse.auditTrail.map((a) => a.reasonForChange)).toContain('Transcription error; source says 72.')
    await crc.getByText(/· version 2 ·/).waitFor()
    await crc.evaluate('window.scrollTo(0, 0)')
    await screenshot(crc, 'form-entry', { viewport: true })
  })

  it('a monitor works the SDV worklist, verifies the form, raises a query on a value and finds it in the query list', async () => {
    const monitor = await openAs(MONITOR)
    await monitor.getByRole('link', { name: 'SDV worklist' }).click()
    await monitor.getByRole('heading', { name: 'Source data verification' }).waitFor()
    // The page shows the API's first page of the worklist, in its order.
    const { body } = await supergraph.post(
      'query($s: ID!) { sdvWorklist(studyId: $s, first: 25) { edges { node { id } } } }',
      { s: oncology.id },
      { as: MONITOR },
    )
    const expected = body.data!.sdvWorklist.edges.map((e: { node: { id: string } }) => `/forms/${e.node.id}`)
    expect(expected.length).toBeGreaterThan(0)
    const shown = await eventually(
      () => monitor.locator('tbody th a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
      (hrefs) => hrefs.length === expected.length,
      20_000,
    )
    expect(shown).toEqual(expected)
    await screenshot(monitor, 'sdv-worklist')
    await expectAccessible(monitor)

    await monitor.locator('tbody th a').first().click()
    await monitor.getByRole('heading', { level: 1 }).waitFor()
    await monitor.goto(`/forms/${formId}`)
    await monitor.getByRole('button', { name: 'Verify all 7 values' }).click()
    await monitor.getByTestId('form-status').getByText('verified', { exact: true }).waitFor()
    expect((await storedForm(formId)).values.every((v) => v.verified)).toBe(true)

    await item(monitor, 'I.WEIGHT').getByRole('button', { name: 'Raise a query' }).click()
    await item(monitor, 'I.WEIGHT').getByLabel('Query text').fill('Weight differs from the clinic chart; please check.')
    await item(monitor, 'I.WEIGHT').getByRole('button', { name: 'Raise query' }).click()
    await item(monitor, 'I.WEIGHT').getByText('1 open query').waitFor()
    expect((await storedForm(formId)).queries).toContainEqual(
      expect.objectContaining({ item: 'I.WEIGHT', origin: 'MANUAL', status: 'OPEN' }),
    )

    // The study's query list, newest first: the query just raised heads it, with its subject.
    await monitor.getByRole('link', { name: 'Queries' }).click()
    await monitor.getByRole('heading', { name: /^Data queries/ }).waitFor()
    const first = monitor.locator('tbody tr').first()
    await first.getByRole('link', { name: 'I.WEIGHT' }).waitFor()
    expect(await first.locator('td').first().textContent()).toBe(patient.subjectNumber)
    await screenshot(monitor, 'data-queries')
    await expectAccessible(monitor)
    await first.getByRole('link', { name: 'I.WEIGHT' }).click()
    await monitor.getByRole('heading', { name: 'Vital Signs', level: 1 }).waitFor()
  })

  it('the investigator signs the casebook with their password; a wrong one signs nothing', async () => {
    const investigator = await openAs(INVESTIGATOR.email)
    const me = await supergraph.post('{ me { displayName } }', {}, { as: INVESTIGATOR.email })
    const printedName = me.body.data!.me.displayName as string
    await investigator.goto(`/patients/${patient.id}`)
    await investigator.getByRole('button', { name: 'Sign casebook' }).click()
    const dialog = investigator.getByRole('dialog', { name: `Sign the casebook of ${patient.subjectNumber}` })
    await dialog.waitFor()
    await dialog.getByText(/“I approve the data as accurate and complete”/).waitFor()
    await expectAccessible(investigator)
    await dialog.getByLabel('Your password').fill('not-the-password')
    await dialog.getByRole('button', { name: 'Sign' }).click()
    await dialog.getByRole('alert').waitFor()
    expect(await dialog.getByRole('alert').getAttribute('data-code')).toBe('INVALID_CREDENTIALS')

    await dialog.getByLabel('I have reviewed the data').check()
    await dialog.getByLabel('Your password').fill(PASSWORD)
    await screenshot(investigator, 'signature-dialog')
    await dialog.getByRole('button', { name: 'Sign' }).click()
    await dialog.waitFor({ state: 'detached' })
    await investigator.getByText(new RegExp(`signed by ${printedName} \\(valid\\)`)).waitFor()
    const { body } = await supergraph.post(
      'query($id: ID!) { patient(id: $id) { casebook { signatures { printedName meaning status scope } } } }',
      { id: patient.id },
      { as: DATA_MANAGER },
    )
    expect(body.data!.patient.casebook.signatures).toEqual([
      { printedName, meaning: 'I have reviewed the data', status: 'VALID', scope: 'CASEBOOK' },
    ])
  })
})
