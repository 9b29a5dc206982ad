import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startSupergraphUnderTest, type SupergraphUnderTest } from './support/supergraphUnderTest'
import { expectAccessible, launchBrowser, newAppContext, screenshot, signIn } from './support/browser'
import { armTracer } from './support/armTraces'
import { oncologySite, setSiteCap, siteNumbers } from './support/enrollmentFlow'
import { crcAt, studyManager } from '../test/support/demoAccounts'

// Screening and enrollment in a real browser against the real stack (Postgres, Kafka, every
// subgraph as a process): a CRC screens an eligible subject, enrolls them and watches the saga to
// the kit number — with no trace of the arm in the page or in any answer the page received — and
// the site's stock one kit lower; an exclusion present ends in a screen failure; at a site whose
// cap is reached the saga fails and the screen says everything was released.
jest.setTimeout(240_000)

const OPEN_SITE = oncologySite('101') // room under its cap, kits in stock
const FULL_SITE = oncologySite('102') // its cap set to what it holds (the study manager)
const armsIn = armTracer(OPEN_SITE.studyId)

let supergraph: SupergraphUnderTest
let browser: Browser
const contexts: BrowserContext[] = []
/** Every GraphQL answer each page received, to search for the arm. */
const answers: string[] = []

async function openAs(email: string): Promise<Page> {
  const context = await newAppContext(browser, supergraph.baseUrl)
  contexts.push(context)
  const page = await context.newPage()
  page.on('response', (response) => {
    if (response.url().endsWith('/graphql'))
      void response.text().then(
        (t) => answers.push(t),
        () => undefined,
      )
  })
  await signIn(page, email)
  return page
}

/** Fills the screening form: every criterion answered, eligible unless `exclusionPresent`. */
async function screen(page: Page, { exclusionPresent = false } = {}) {
  await page.getByRole('heading', { name: /^Screen a subject/ }).waitFor()
  await page.getByLabel('Year of birth').fill('1968')
  await page.getByLabel('Sex').selectOption('FEMALE')
  for (const criterion of await page.locator('fieldset.criterion').all()) {
    const inclusion = (await criterion.getByRole('radio', { name: 'Met', exact: true }).count()) > 0
    const answer = inclusion ? 'Met' : exclusionPresent ? 'Present' : 'Absent'
    await criterion.getByRole('radio', { name: answer, exact: true }).check()
  }
  await page.getByRole('button', { name: 'Record screening' }).click()
  await page.getByTestId('screening-outcome').waitFor()
  return page.getByTestId('screening-outcome').getAttribute('data-status')
}

async function availableKits(siteId: string, as: string): Promise<number> {
  const { body } = await supergraph.post(
    'query($id: ID!) { site(id: $id) { stock { availableKits } } }',
    { id: siteId },
    { as },
  )
  return body.data!.site.stock.availableKits as number
}

beforeAll(async () => {
  ;[supergraph, browser] = await Promise.all([startSupergraphUnderTest({ account: studyManager() }), launchBrowser()])
})

afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close()))
  await browser?.close()
  await supergraph?.stop()
})

describe('screening and enrollment in the web app', () => {
  it('a CRC screens and enrolls a subject, watches the saga to a kit number, never the arm; the stock is one kit lower', async () => {
    const crc = crcAt(OPEN_SITE.id)
    const page = await openAs(crc)
    const kitsBefore = await availableKits(OPEN_SITE.id, crc)
    await page.getByRole('link', { name: 'Kit stock' }).click()
    await page.getByTestId('available-kits').getByText(String(kitsBefore), { exact: true }).waitFor()
    await expectAccessible(page)
    await screenshot(page, 'site-stock')

    await page.goto(`/sites/${OPEN_SITE.id}`)
    await page.getByRole('link', { name: 'Screen a subject' }).click()
    await expectAccessible(page)
    expect(await screen(page)).toBe('SCREENING')
    const subjectNumber = (await page.getByRole('heading', { level: 1 }).textContent())!.split(' ')[0]!
    await page.getByRole('button', { name: `Enroll ${subjectNumber}` }).click()
    await page.getByRole('button', { name: 'Enroll', exact: true }).click()
    await page.locator('[data-testid="enrollment-state"][data-state="ENROLLED"]').waitFor({ timeout: 90_000 })
    await page.locator('[data-step="ENROLLMENT_SLOT"][data-status="CONFIRMED"]').waitFor()
    await page.locator('[data-step="KIT_ALLOCATION"][data-status="HELD"]').waitFor()
    await expectAccessible(page)
    await screenshot(page, 'enrollment-enrolled')

    // The kit on screen is the one the API stores for the subject.
    const { body } = await supergraph.post(
      'query($n: String!) { patientBySubjectNumber(subjectNumber: $n) { enrollmentStatus enrollment { kitNumber randomizationNumber } } }',
      { n: subjectNumber },
      { as: crc },
    )
    const stored = body.data!.patientBySubjectNumber
    expect(stored.enrollmentStatus).toBe('ENROLLED')
    expect(await page.getByTestId('kit-number').textContent()).toBe(stored.enrollment.kitNumber)
    expect(await page.getByTestId('randomization-number').textContent()).toBe(stored.enrollment.randomizationNumber)

    // One kit fewer at the site, on screen as in the API.
    expect(await availableKits(OPEN_SITE.id, crc)).toBe(kitsBefore - 1)
    await page.goto(`/sites/${OPEN_SITE.id}/stock`)
    await page
      .getByTestId('available-kits')
      .getByText(String(kitsBefore - 1), { exact: true })
      .waitFor()

    // Blinding: nothing on the screens and nothing the page was sent names the arm.
    expect(answers.length).toBeGreaterThan(5)
    expect(answers.flatMap(armsIn)).toEqual([])
    expect(armsIn(await page.content())).toEqual([])
  })

  it('an exclusion present ends in a screen failure that names it', async () => {
    const page = await openAs(crcAt(OPEN_SITE.id))
    await page.goto(`/sites/${OPEN_SITE.id}/screening`)
    expect(await screen(page, { exclusionPresent: true })).toBe('SCREEN_FAILED')
    await page.getByRole('heading', { name: /is not eligible$/ }).waitFor()
    await page
      .getByRole('listitem')
      .filter({ hasText: /^EX-01: present/ })
      .waitFor()
    expect(await page.getByRole('button', { name: /^Enroll/ }).count()).toBe(0)
  })

  it('at a site whose cap is reached the saga fails, and the screen says everything was released', async () => {
    const page = await openAs(crcAt(FULL_SITE.id))
    const full = await siteNumbers(supergraph, FULL_SITE.id)
    await setSiteCap(supergraph, FULL_SITE.id, full.enrollment.enrolled + full.enrollment.inProgress)
    const kitsBefore = await availableKits(FULL_SITE.id, crcAt(FULL_SITE.id))
    await page.goto(`/sites/${FULL_SITE.id}/screening`)
    expect(await screen(page)).toBe('SCREENING')
    await page.getByRole('button', { name: /^Enroll / }).click()
    await page.getByRole('button', { name: 'Enroll', exact: true }).click()
    await page.locator('[data-testid="enrollment-state"][data-state="FAILED"]').waitFor({ timeout: 90_000 })
    await page.getByText(/Everything it held was released\./).waitFor()
    await page.locator('[data-step="ENROLLMENT_SLOT"][data-status="REFUSED"]').waitFor()
    await page.getByRole('button', { name: 'Try again' }).waitFor()
    await screenshot(page, 'enrollment-failed')
    // Nothing stays held: the site's stock is what it was.
    expect(await availableKits(FULL_SITE.id, crcAt(FULL_SITE.id))).toBe(kitsBefore)
  })
})
