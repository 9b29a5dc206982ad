import fs from 'node:fs'
import path from 'node:path'
import { demoDataset } from '../demo-data'
import { runQueryScenario } from './lib/queryScenario'
import { dataManagerOf } from '../test/support/demoAccounts'

/**
 * npm run bench:full-view — the investigator's patient full view (all seven subgraphs in one request)
 * for random patients, against the floor and stock @apollo/gateway, plus our gateway with per-field
 * deadlines off (what the deadlines cost) and with Apollo's executor (what the compiled one saves).
 */
const query = fs.readFileSync(path.join(__dirname, '..', 'schema', 'operations', 'PatientFullView.graphql'), 'utf8')
// Read as ONC-3017's data manager, who may see every patient of that study.
const study = demoDataset().studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const patients = demoDataset().patients.patients.filter(
  (p) => p.enrollmentStatus === 'ENROLLED' && p.studyId === study.id,
)
// A fixed pseudo-random order, so every target gets the same sequence of patients.
const variables = patients
  .map((p, i) => ({ p, k: (i * 7919) % patients.length }))
  .sort((a, b) => a.k - b.k)
  .map(({ p }) => ({ id: p.id }))
  .slice(0, 100)

runQueryScenario({
  scenario: 'full-view',
  basePort: 24000,
  query,
  variables,
  viewer: dataManagerOf(study.id),
  variants: [
    { name: 'ours, deadlines off', gatewayEnv: { DEADLINES: 'off' } },
    // What the compiled executor (gateway/planExecution/) saves over @apollo/gateway's own.
    { name: 'ours, Apollo executor', gatewayEnv: { GATEWAY_EXECUTOR: 'apollo' } },
  ],
}).catch((error) => {
  console.error(error)
  process.exit(1)
})
