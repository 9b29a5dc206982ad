import crypto from 'node:crypto'
import pg from 'pg'
import { pgConnectionConfig, resolveDatabaseTarget } from '../subgraph-runtime/database/target'
import { signInForBench, startBenchSupergraph } from './lib/benchEnvironment'
import { writeResults } from './lib/report'
import { crcAt } from '../test/support/demoAccounts'
import { demoDataset } from '../demo-data'

/**
 * npm run bench:enroll — enrollments through our gateway end to end, on real Postgres and real
 * Kafka: a CRC of ONC-3017 site 101 screens a subject (screenPatient) and enrolls it
 * (enrollPatient, waiting up to 8 s for the outcome, then following Patient.enrollment as a client
 * would) until the saga is ENROLLED. At each concurrency level (BENCH_ENROLL_LEVELS, "1,4,8"),
 * BENCH_ENROLL_PER_LEVEL (12) subjects, each client one subject after another. Reported:
 * enrollments per second (screen + enroll → ENROLLED, over the level's wall time), saga completion
 * time p50/p99 (the enrollPatient request → ENROLLED seen), and the baseline of the same run: the
 * screenPatient round trip (one mutation of one subgraph through the same gateway), so the ratio is
 * what the saga (three subgraphs talking over Kafka) costs over a plain write.
 * The demo site has 12 kits; the set-up stocks it with more of each arm (straight into inventory's
 * tables as their owner, as a shipment received would leave them), so no attempt fails for want of
 * a kit; any attempt that fails anyway is counted and its code printed.
 */
const BASE_PORT = 24600
const SCENARIO = 'enroll'
const levels = (process.env.BENCH_ENROLL_LEVELS ?? '1,4,8').split(',').map(Number)
const perLevel = Number(process.env.BENCH_ENROLL_PER_LEVEL ?? 12)
const FOLLOW_TIMEOUT_MS = 120_000

const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const site = data.studies.sites.find((s) => s.studyId === study.id && s.siteNumber === '101')!
const ELIGIBLE = [
  { code: 'IN-1', kind: 'INCLUSION', met: true },
  { code: 'EX-1', kind: 'EXCLUSION', met: false },
]
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

interface Attempt {
  screenMs: number
  completionMs: number
  state: string
  failure?: string
}

async function main() {
  const total = levels.reduce((sum) => sum + perLevel, 0)
  console.log(`${SCENARIO}: starting the supergraph on Postgres and Kafka (seeding the demo dataset)...`)
  const bench = await startBenchSupergraph(BASE_PORT)
  try {
    await stockKits(bench.databaseUrl('inventory'), total + 10)
    const gatewayUrl = `http://127.0.0.1:${BASE_PORT}/graphql`
    const crc = await signInForBench(gatewayUrl, crcAt(site.id))
    const post = async (query: string, variables: object) => {
      const response = await fetch(gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: crc.authorization },
        body: JSON.stringify({ query, variables }),
      })
      const body = (await response.json()) as { data?: Record<string, never>; errors?: { message: string }[] }
      if (body.errors) throw new Error(`${query.slice(0, 40)}...: ${JSON.stringify(body.errors).slice(0, 500)}`)
      return body.data!
    }
    const enrollOne = async (): Promise<Attempt> => {
      const screenStart = performance.now()
      const screened = await post(`mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { id } }`, {
        input: { siteId: site.id, yearOfBirth: 1968, sex: 'FEMALE', screeningDate: daysAgo(3), eligibility: ELIGIBLE },
      })
      const screenMs = performance.now() - screenStart
      const id = (screened.screenPatient as { id: string }).id
      const enrollStart = performance.now()
      const selection = `id enrollment { state failure { code } }`
      let patient = (
        await post(
          `mutation($id: ID!, $date: Date) { enrollPatient(patientId: $id, enrollmentDate: $date, waitForOutcomeMs: 8000) { ${selection} } }`,
          { id, date: daysAgo(1) },
        )
      ).enrollPatient as { enrollment: { state: string; failure: { code: string } | null } }
      while (!['ENROLLED', 'FAILED'].includes(patient.enrollment.state)) {
        if (performance.now() - enrollStart > FOLLOW_TIMEOUT_MS) throw new Error(`saga of ${id} still running`)
        await new Promise((resolve) => setTimeout(resolve, 25))
        patient = (await post(`query($id: ID!) { patient(id: $id) { ${selection} } }`, { id })).patient as never
      }
      return {
        screenMs,
        completionMs: performance.now() - enrollStart,
        state: patient.enrollment.state,
        failure: patient.enrollment.failure?.code,
      }
    }

    // One warm-up enrollment: connections, plans and consumer groups settle before the clock runs.
    console.log('warm-up: one enrollment')
    await enrollOne()
    const rows: Record<string, object> = {}
    const results = []
    for (const concurrency of levels) {
      const attempts: Attempt[] = []
      let started = 0
      const start = performance.now()
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (started < perLevel) {
            started += 1
            attempts.push(await enrollOne())
            const line = `concurrency ${concurrency}: ${attempts.length}/${perLevel} sagas done`
            if (process.stdout.isTTY) process.stdout.write(`\r${line}${attempts.length === perLevel ? '\n' : ''}`)
            else console.log(line)
          }
        }),
      )
      const seconds = (performance.now() - start) / 1000
      const enrolled = attempts.filter((a) => a.state === 'ENROLLED')
      const failures = attempts.filter((a) => a.state !== 'ENROLLED').map((a) => a.failure ?? a.state)
      const saga = percentiles(enrolled.map((a) => a.completionMs))
      const screen = percentiles(attempts.map((a) => a.screenMs))
      const result = {
        concurrency,
        enrollments: attempts.length,
        enrolled: enrolled.length,
        failures,
        seconds,
        enrollmentsPerSecond: enrolled.length / seconds,
        sagaCompletionMs: saga,
        screenPatientMs: screen,
        ratioP50: saga.p50 / screen.p50,
      }
      results.push(result)
      rows[`concurrency ${concurrency}`] = {
        'enrolled/s': result.enrollmentsPerSecond.toFixed(2),
        enrolled: `${enrolled.length}/${attempts.length}`,
        'saga p50 ms': saga.p50.toFixed(0),
        'saga p99 ms': saga.p99.toFixed(0),
        'screen p50 ms (baseline)': screen.p50.toFixed(1),
        'screen p99 ms (baseline)': screen.p99.toFixed(1),
        'saga/screen p50': result.ratioP50.toFixed(1),
      }
      if (failures.length > 0) console.log(`concurrency ${concurrency}: failed attempts: ${failures.join(', ')}`)
    }
    console.log('\nenrollments, request → ENROLLED (baseline: the screenPatient round trip, same gateway)')
    console.table(rows)
    writeResults(SCENARIO, { settings: { levels, perLevel, site: site.id }, results })
  } finally {
    await bench.stop()
  }
}

/** Nearest-rank percentiles (p50, p99, max) of a sample, in ms. */
function percentiles(sample: number[]) {
  const sorted = [...sample].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? NaN
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? NaN }
}

/**
 * Stocks site 101 with `perArm` more available kits of each of its arms, copied from its demo
 * kits (same lot, expiry and packaging label; new ids, random kit numbers and dispense order).
 */
async function stockKits(databaseUrl: string, perArm: number) {
  const client = new pg.Client(
    pgConnectionConfig(resolveDatabaseTarget('inventory', { subgraphUrl: databaseUrl }) as never),
  )
  await client.connect()
  try {
    const { rows } = await client.query<{ arm_id: string; lot_id: string; kit_id: string }>(
      `SELECT DISTINCT ON (t.arm_id) t.arm_id, t.lot_id, k.id AS kit_id
       FROM kit k JOIN kit_treatment t ON t.kit_id = k.id WHERE k.site_id = $1 ORDER BY t.arm_id, k.id`,
      [site.id],
    )
    await client.query('BEGIN')
    for (const arm of rows)
      for (let i = 0; i < perArm; i++) {
        const id = crypto.randomUUID()
        await client.query(
          `INSERT INTO kit (id, study_id, kit_number, packaging_lot, expires_on, dispense_order, status, site_id)
           SELECT $2, study_id, $3, packaging_lot, expires_on, $4, 'AVAILABLE', site_id FROM kit WHERE id = $1`,
          [arm.kit_id, id, `101-B${crypto.randomInt(10_000_000, 99_999_999)}`, crypto.randomInt(2 ** 31 - 1)],
        )
        await client.query(`INSERT INTO kit_treatment (kit_id, arm_id, lot_id) VALUES ($1, $2, $3)`, [
          id,
          arm.arm_id,
          arm.lot_id,
        ])
      }
    await client.query('COMMIT')
    console.log(`site 101 stocked with ${perArm} more kits of each of its ${rows.length} arms`)
  } finally {
    await client.end()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
