import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { WebSocket } from 'ws'
import { createClient } from 'graphql-ws'
import { chromium, type Browser } from 'playwright-core'
import { buildWebApp, WEB_DIST } from '../scripts/run/buildWebApp'
import { localService } from '../scripts/services/localService'
import { postGraphQL } from '../test/support/graphqlClient'
import { crcAt } from '../test/support/demoAccounts'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { demoDataset } from '../demo-data'
import { DEFAULT_DEMO_PASSWORD } from '../subgraphs/users/auth/authSettings'
import { startBenchSupergraph } from './lib/benchEnvironment'
import { percentile } from './lib/percentiles'
import { writeResults } from './lib/report'

/**
 * npm run bench:web — what a person at the site waits for, in Debian's chromium on the real stack:
 * - the JavaScript and CSS the app ships (gzip), as the gateway serves them;
 * - time to the dashboard's first meaningful paint: from navigation start of the site dashboard
 *   (signed in, a fresh browser profile: nothing cached) until its first subject row is on screen,
 *   against the same SiteDashboard request made from Node in the same run (the API's share);
 * - alert-to-screen latency: from a diary entry's accepted response until its alert card is on
 *   the coordinator's screen, against a plain graphql-ws client's frame for the same alert.
 */
const BASE_PORT = 24700
const SCENARIO = 'web'
const LOADS = Number(process.env.BENCH_WEB_LOADS ?? 15)
const ALERTS = Number(process.env.BENCH_WEB_ALERTS ?? 20)
const SIGN_IN = `mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) {
  accessToken accessTokenExpiresAt refreshToken refreshTokenExpiresAt user { id displayName } } }`
const SITE_DASHBOARD = fs.readFileSync(
  path.join(__dirname, '..', 'schema', 'operations', 'SiteDashboard.graphql'),
  'utf8',
)
const FEED = 'subscription($s: [ID!]!) { adverseEventAlerts(siteIds: $s) { id patient { id } } }'
const round = (x: number) => Math.round(x * 10) / 10
const stats = (values: number[]) => ({
  p50: round(percentile(values, 0.5)),
  p90: round(percentile(values, 0.9)),
  max: round(Math.max(...values)),
})

/** gzip size of every script and stylesheet index.html loads. */
function shippedAssets() {
  const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8')
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!)
  return files.map((file) => {
    const bytes = fs.readFileSync(path.join(WEB_DIST, file))
    return { file, bytes: bytes.length, gzipBytes: zlib.gzipSync(bytes, { level: 9 }).length }
  })
}

async function signIn(gatewayUrl: string, email: string) {
  const { body } = await postGraphQL(gatewayUrl, SIGN_IN, {
    e: email,
    p: process.env.DEMO_ACCOUNT_PASSWORD ?? DEFAULT_DEMO_PASSWORD,
  })
  const s = body.data!.signIn
  // As the app keeps it (web/src/session/storedSession.ts), so a page opens signed in.
  return {
    accessToken: s.accessToken as string,
    stored: JSON.stringify({
      accessToken: s.accessToken,
      accessTokenExpiresAt: Date.parse(s.accessTokenExpiresAt),
      refreshToken: s.refreshToken,
      refreshTokenExpiresAt: Date.parse(s.refreshTokenExpiresAt),
      userId: s.user.id,
      displayName: s.user.displayName,
    }),
  }
}

/** Cold loads of the dashboard: ms from navigation start to the first row painted, and to first contentful paint. */
async function dashboardPaints(browser: Browser, baseUrl: string, siteId: string, email: string) {
  const samples: { meaningfulMs: number; contentfulMs: number }[] = []
  for (let i = 0; i < LOADS; i++) {
    // A session per load: refresh tokens are single use, and each profile starts empty.
    const session = await signIn(`${baseUrl}/graphql`, email)
    const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1280, height: 900 } })
    // (Scripts as strings: this file is typed for Node, they run in the page.)
    await context.addInitScript({
      content: `sessionStorage.setItem('trial.session', ${JSON.stringify(session.stored)})
      // The first subject row: when it is added, the next frame paints it.
      new MutationObserver((_, observer) => {
        if (!document.querySelector('tbody th a')) return
        observer.disconnect()
        requestAnimationFrame(() => (window.rowPaintedAt = performance.now()))
      }).observe(document, { childList: true, subtree: true })`,
    })
    const page = await context.newPage()
    await page.goto(`/sites/${siteId}`)
    // A function, not a string: the app's Content-Security-Policy refuses eval of strings.
    await page.waitForFunction(() => (globalThis as { rowPaintedAt?: number }).rowPaintedAt !== undefined, undefined, {
      timeout: 30_000,
    })
    const [meaningfulMs, contentfulMs] = (await page.evaluate(
      `[window.rowPaintedAt, performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN]`,
    )) as [number, number]
    samples.push({ meaningfulMs, contentfulMs })
    await context.close()
  }
  return samples
}

async function main() {
  console.log(`${SCENARIO}: building the web app, starting the supergraph on Postgres and Kafka (seeding)...`)
  buildWebApp({ quiet: true })
  const assets = shippedAssets()
  const bench = await startBenchSupergraph(BASE_PORT)
  const browser = await chromium.launch({
    executablePath: localService(process.env.CHROMIUM_PATH, 'chromium.sh'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  })
  try {
    const baseUrl = `http://127.0.0.1:${BASE_PORT}`
    const gatewayUrl = `${baseUrl}/graphql`
    const data = demoDataset()
    const site = data.studies.sites[0]!
    const crc = crcAt(site.id)

    console.log(`dashboard: ${LOADS} cold loads in chromium, and the same request from Node...`)
    await dashboardPaints(browser, baseUrl, site.id, crc) // warm-up: the gateway's plan cache, the subgraphs' JIT
    const paints = await dashboardPaints(browser, baseUrl, site.id, crc)
    const { accessToken } = await signIn(gatewayUrl, crc)
    const requestMs: number[] = []
    for (let i = 0; i < LOADS; i++) {
      const started = performance.now()
      const { body } = await postGraphQL(
        gatewayUrl,
        SITE_DASHBOARD,
        { siteId: site.id, first: 25 },
        {
          authorization: `Bearer ${accessToken}`,
        },
      )
      if (body.errors) throw new Error(`SiteDashboard answered errors: ${JSON.stringify(body.errors)}`)
      requestMs.push(performance.now() - started)
    }

    console.log(
      `alerts: ${ALERTS} diary entries at pain 9, each timed to the CRC's screen and to a plain client's frame...`,
    )
    const session = await signIn(gatewayUrl, crc)
    const context = await browser.newContext({ baseURL: baseUrl })
    await context.addInitScript({
      content: `sessionStorage.setItem('trial.session', ${JSON.stringify(session.stored)})`,
    })
    const page = await context.newPage()
    await page.goto('/alerts')
    await page.getByTestId('connection-state').filter({ hasText: 'Live' }).waitFor({ timeout: 30_000 })
    // Epoch ms at which each alert's card was first in the document, painted on the next frame.
    await page.evaluate(`(() => {
      window.cardSeenAt = {}
      new MutationObserver(() => {
        for (const card of document.querySelectorAll('[data-alert-id]')) {
          const id = card.getAttribute('data-alert-id')
          if (!(id in window.cardSeenAt)) { window.cardSeenAt[id] = null; requestAnimationFrame(() => (window.cardSeenAt[id] = Date.now())) }
        }
      }).observe(document.body, { childList: true, subtree: true })
    })()`)
    const frames = new Map<string, { alertId: string; at: number }>()
    const client = createClient({
      url: gatewayUrl.replace('http', 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${session.accessToken}` },
    })
    client.subscribe(
      { query: FEED, variables: { s: [site.id] } },
      {
        next: (result) => {
          const alert = (result.data as { adverseEventAlerts: { id: string; patient: { id: string } } })
            .adverseEventAlerts
          if (!frames.has(alert.patient.id)) frames.set(alert.patient.id, { alertId: alert.id, at: Date.now() })
        },
        error: (error) => console.error('feed error', error),
        complete: () => undefined,
      },
    )
    await new Promise((resolve) => setTimeout(resolve, 1000)) // the plain client's subscription open upstream
    const patients = data.patients.patients.filter((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')
    const toScreen: number[] = []
    const toFrame: number[] = []
    for (const patient of patients.slice(0, ALERTS)) {
      const { body } = await postGraphQL(
        gatewayUrl,
        'mutation($input: SubmitEproEntryInput!) { submitEproEntry(input: $input) { created safetySignals { rule } } }',
        { input: diaryEntryInput(patient.id, 9) },
        { authorization: `Bearer ${session.accessToken}` },
      )
      const acceptedAt = Date.now()
      if (!body.data?.submitEproEntry?.safetySignals?.length)
        throw new Error(`no alert raised: ${JSON.stringify(body)}`)
      const deadline = Date.now() + 30_000
      let frame = frames.get(patient.id)
      let seen: number | null = null
      while (Date.now() < deadline) {
        frame = frames.get(patient.id)
        if (frame)
          seen = (await page.evaluate(`window.cardSeenAt[${JSON.stringify(frame.alertId)}] ?? null`)) as number | null
        if (seen) break
        await new Promise((resolve) => setTimeout(resolve, 5))
      }
      if (!frame || !seen) throw new Error(`the alert for ${patient.subjectNumber} never reached the screen`)
      toFrame.push(frame.at - acceptedAt)
      toScreen.push(seen - acceptedAt)
    }
    await client.dispose()
    await context.close()

    const meaningful = stats(paints.map((p) => p.meaningfulMs))
    const contentful = stats(paints.map((p) => p.contentfulMs))
    const request = stats(requestMs)
    const screen = stats(toScreen)
    const frame = stats(toFrame)
    const js = assets.filter((a) => a.file.endsWith('.js')).reduce((n, a) => n + a.gzipBytes, 0)
    const css = assets.filter((a) => a.file.endsWith('.css')).reduce((n, a) => n + a.gzipBytes, 0)
    console.log('\nshipped (gzip -9):')
    console.table(
      assets.map((a) => ({ file: a.file, KiB: round(a.bytes / 1024), 'gzip KiB': round(a.gzipBytes / 1024) })),
    )
    console.log(`\ndashboard, ${LOADS} cold loads (ms from navigation start):`)
    console.table({
      'first contentful paint': contentful,
      'first subject row painted (meaningful)': meaningful,
      'SiteDashboard request from Node (baseline)': request,
    })
    console.log(`meaningful paint / API request (p50): ×${round(meaningful.p50 / request.p50)}`)
    console.log(`\nalerts, ${ALERTS} entries (ms from the accepted response):`)
    console.table({ 'card on the CRC screen': screen, 'plain graphql-ws frame (baseline)': frame })
    console.log(`screen / frame (p50): ×${round(screen.p50 / frame.p50)}`)
    writeResults(SCENARIO, {
      assets,
      shippedGzipBytes: { js, css },
      dashboard: {
        loads: LOADS,
        firstContentfulPaintMs: contentful,
        meaningfulPaintMs: meaningful,
        apiRequestMs: request,
      },
      alerts: { count: ALERTS, toScreenMs: screen, toFrameMs: frame },
    })
  } finally {
    await browser.close()
    await bench.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
