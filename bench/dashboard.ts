import fs from 'node:fs'
import path from 'node:path'
import { demoDataset } from '../demo-data'
import { runQueryScenario } from './lib/queryScenario'
import { dataManagerOf } from '../test/support/demoAccounts'

/**
 * npm run bench:dashboard — the site dashboard, a page of 50 patients with their next visit,
 * latest diary score, compliance and abnormal lab count, for ONC-3017's sites (100 patients
 * each in the demo data), against the floor and stock @apollo/gateway; ours again with pages of
 * 10, so the SQL statements per request show whether they depend on the page size (an N+1 does).
 */
const query = fs.readFileSync(path.join(__dirname, '..', 'schema', 'operations', 'SiteDashboard.graphql'), 'utf8')
const study = demoDataset().studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const sites = demoDataset().studies.sites.filter((s) => s.studyId === study.id)
const PAGE = Number(process.env.BENCH_DASHBOARD_PAGE ?? 50)
const SMALL_PAGE = Number(process.env.BENCH_DASHBOARD_SMALL_PAGE ?? 10)

runQueryScenario({
  scenario: 'dashboard',
  basePort: 24100,
  query,
  variables: sites.map((s) => ({ siteId: s.id, first: PAGE })),
  viewer: dataManagerOf(study.id),
  variants: [
    { name: `ours, page of ${SMALL_PAGE}`, variables: sites.map((s) => ({ siteId: s.id, first: SMALL_PAGE })) },
  ],
}).catch((error) => {
  console.error(error)
  process.exit(1)
})
