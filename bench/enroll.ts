import { postGraphQL } from '../test/support/graphqlClient'
import { studyManager } from '../test/support/demoAccounts'
import { dayIn, setUpTrial, type TrialSetup } from '../test/support/trialSetup'
import { signInForBench, startBenchSupergraph } from './lib/benchEnvironment'
import { writeResults } from './lib/report'
import { percentile } from './lib/percentiles'

/**
 * npm run bench:enroll — enrollments through the gateway end to end, on real Postgres and Kafka:
 * a trial is set up from nothing (bench's own study, site and kits, test/support/trialSetup), then
 * at each concurrency level its subjects are screened (not timed as enrollment) and enrolled:
 * enrollPatient → the saga (slot, randomisation and kit, confirmation, visits) → ENROLLED, observed
 * through the gateway. Reported per level: enrollments per second, p50/p99 of request → ENROLLED,
 * and the same percentiles of screenPatient — a one-subgraph audited write through the same
 * gateway in the same run — as the baseline the saga's cost is a ratio of. Afterwards the counts
 * must be exact: every subject ENROLLED, the site's enrolled count, one distinct kit each.
 */
const BASE_PORT = 24600
const SCENARIO = 'enroll'
const LEVELS = (process.env.BENCH_ENROLL_LEVELS ?? '1:20,4:40,16:80').split(',').map((level) => {
  const [concurrency, subjects] = level.split(':').map(Number)
  if (!concurrency || !subjects) throw new Error('BENCH_ENROLL_LEVELS: concurrency:subjects,...')
  return { concurrency, subjects }
})
const TOTAL = LEVELS.reduce((n, l) => n + l.subjects, 0)

async function main() {
  console.log(`${SCENARIO}: starting the supergraph on Postgres and Kafka (a copy of the seeded demo dataset)...`)
  const bench = await startBenchSupergraph(BASE_PORT)
  try {
    const gatewayUrl = `http://127.0.0.1:${BASE_PORT}/graphql`
    const manager = (await signInForBench(gatewayUrl, studyManager())).authorization.slice('Bearer '.length)
    console.log(`setting up a trial through the API: a site with a cap of ${TOTAL}, ${TOTAL} kits per arm...`)
    const trial = await setUpTrial(gatewayUrl, {
      manager,
      enrollmentCap: TOTAL,
      enrollmentTarget: TOTAL,
      // Permuted blocks keep the arms within a block of each other: TOTAL per arm never runs out.
      kitsPerArm: Math.min(TOTAL, 1000),
    })
    const client = gatewayClient(gatewayUrl, trial.crc)
    const levels = []
    const kitNumbers: string[] = []
    for (const level of LEVELS) {
      console.log(`level ${level.concurrency} concurrent: screening ${level.subjects} subjects...`)
      const screened = await inParallel(level.concurrency, level.subjects, () => screen(client, trial))
      console.log(`level ${level.concurrency} concurrent: enrolling them...`)
      const started = performance.now()
      const enrolled = await inParallel(level.concurrency, level.subjects, (i) =>
        enroll(client, screened[i]!.patientId),
      )
      const seconds = (performance.now() - started) / 1000
      const failed = enrolled.filter((e) => e.state !== 'ENROLLED')
      kitNumbers.push(...enrolled.flatMap((e) => (e.kitNumber ? [e.kitNumber] : [])))
      const row = {
        concurrency: level.concurrency,
        subjects: level.subjects,
        enrollmentsPerSecond: round(enrolled.length / seconds),
        ...percentiles('saga', enrolled),
        ...percentiles('screen', screened),
        failed: failed.length,
      }
      levels.push({ ...row, sagaToScreenP50: round(row.sagaP50Ms / row.screenP50Ms) })
      console.log(levels.at(-1))
    }
    const check = await checkCounts(client, trial, kitNumbers)
    console.table(levels)
    console.log('exact afterwards? (every subject enrolled once, one distinct kit each)')
    console.table([check])
    writeResults(SCENARIO, { settings: { levels: LEVELS, total: TOTAL }, levels, check })
    if (!check.exact) process.exitCode = 1
  } finally {
    await bench.stop()
  }
}

type Client = <T>(query: string, variables: Record<string, unknown>) => Promise<T>
const gatewayClient =
  (url: string, token: string): Client =>
  async <T>(query: string, variables: Record<string, unknown>) => {
    const { body } = await postGraphQL<T>(url, query, variables, { authorization: `Bearer ${token}` })
    if (body.errors?.length || !body.data) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(body.errors)}`)
    return body.data
  }

async function screen(client: Client, trial: TrialSetup) {
  const started = performance.now()
  const data = await client<{ screenPatient: { id: string } }>(
    `mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { id } }`,
    {
      input: {
        siteId: trial.siteId,
        yearOfBirth: 1970,
        sex: 'FEMALE',
        screeningDate: dayIn(trial.siteTimeZone),
        eligibility: trial.criteria.map((c) => ({ ...c, met: c.kind === 'INCLUSION' })),
      },
    },
  )
  return { patientId: data.screenPatient.id, ms: performance.now() - started }
}

const TERMINAL = ['ENROLLED', 'FAILED']
type Enrollment = { state: string; kitNumber: string | null }
/** enrollPatient waiting for the outcome; a saga still running then is followed until it ends. */
async function enroll(client: Client, patientId: string) {
  const started = performance.now()
  const query = `{ enrollment { state kitNumber } }`
  let enrollment = (
    await client<{ enrollPatient: { enrollment: Enrollment } }>(
      `mutation($id: ID!) { enrollPatient(patientId: $id, waitForOutcomeMs: 8000) ${query} }`,
      {
        id: patientId,
      },
    )
  ).enrollPatient.enrollment
  while (!TERMINAL.includes(enrollment.state)) {
    await new Promise((resolve) => setTimeout(resolve, 20))
    enrollment = (
      await client<{ patient: { enrollment: Enrollment } }>(`query($id: ID!) { patient(id: $id) ${query} }`, {
        id: patientId,
      })
    ).patient.enrollment
  }
  return {
    state: enrollment.state,
    kitNumber: enrollment.kitNumber,
    ms: performance.now() - started,
  }
}

/** The numbers afterwards, from the site's counts (studies) and subjects (patients), and the kits the sagas gave. */
async function checkCounts(client: Client, trial: TrialSetup, kitNumbers: string[]) {
  const { site } = await client<{
    site: { enrollment: { enrolled: number; inProgress: number }; patients: { totalCount: number } }
  }>(
    `query($id: ID!) { site(id: $id) { enrollment { enrolled inProgress } patients(first: 1, status: ENROLLED) { totalCount } } }`,
    { id: trial.siteId },
  )
  const distinctKits = new Set(kitNumbers).size
  return {
    subjectsEnrolled: site.patients.totalCount,
    siteEnrolledCount: site.enrollment.enrolled,
    inProgress: site.enrollment.inProgress,
    distinctKits,
    exact:
      site.patients.totalCount === TOTAL &&
      site.enrollment.enrolled === TOTAL &&
      site.enrollment.inProgress === 0 &&
      distinctKits === TOTAL,
  }
}

/** Runs task(0..n-1) with at most `concurrency` at once; results in index order. */
async function inParallel<T>(concurrency: number, n: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array(n)
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < n; i = next++) results[i] = await task(i)
    }),
  )
  return results
}

const round = (x: number) => Math.round(x * 100) / 100
/** p50 and p99 of a stage's timings, named for the stage. */
const percentiles = <K extends string>(stage: K, timed: { ms: number }[]) =>
  ({
    [`${stage}P50Ms`]: round(
      percentile(
        timed.map((t) => t.ms),
        0.5,
      ),
    ),
    [`${stage}P99Ms`]: round(
      percentile(
        timed.map((t) => t.ms),
        0.99,
      ),
    ),
  }) as Record<`${K}P50Ms` | `${K}P99Ms`, number>

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
