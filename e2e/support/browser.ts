import AxeBuilder from '@axe-core/playwright'
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { localService } from '../../scripts/services/localService'
import { buildWebApp, webAppBuilt } from '../../scripts/run/buildWebApp'
import { DEFAULT_DEMO_PASSWORD } from '../../subgraphs/users/auth/authSettings'

/** Where each run's screenshots go (git-ignored), one file per screen. */
export const SCREENSHOT_DIR = path.resolve(__dirname, '..', '..', '.tmp', 'screenshots')

/**
 * Debian's chromium, driven by playwright-core (no browser download): installed by
 * scripts/services/chromium.sh when missing, or CHROMIUM_PATH. The web app is built first if
 * the test command has not built it.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!webAppBuilt()) buildWebApp({ quiet: true })
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })
  return chromium.launch({
    executablePath: localService(process.env.CHROMIUM_PATH, 'chromium.sh'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
}

/** A fresh browser profile (its own storage) on the gateway, in the demo sites' language and size. */
export async function newAppContext(
  browser: Browser,
  baseURL: string,
  options: { phone?: boolean } = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({
    baseURL,
    locale: 'en-GB',
    viewport: options.phone ? { width: 375, height: 740 } : { width: 1280, height: 900 },
    deviceScaleFactor: 1,
  })
  // Generous: a page's work is one request, but a loaded CI machine can be slow to answer it.
  context.setDefaultTimeout(60_000)
  return context
}

/** Signs in through the sign-in screen, as a person would. The page's own errors go to the test's log. */
export async function signIn(page: Page, email: string): Promise<void> {
  page.on('pageerror', (error) => console.log(`[${email}] page error: ${error.stack ?? error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error') console.log(`[${email}] console: ${message.text()}`)
  })
  await page.goto('/')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(process.env.DEMO_ACCOUNT_PASSWORD ?? DEFAULT_DEMO_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.getByRole('button', { name: 'Sign out' }).waitFor()
}

/** The whole page by default; `viewport` for pages with sticky parts (a full-page capture misplaces them). */
export async function screenshot(page: Page, name: string, { viewport = false } = {}): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: !viewport })
}

/** axe-core on the page as it is: no serious or critical violation (each named with its nodes). */
export async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).analyze()
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
  expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([])
}
