import { labsSubgraph } from '../subgraph'
import type { LabsPrisma } from '../data/prismaClient'
import { startSubgraphUnderTest, type SubgraphUnderTest } from '../../../test/support/subgraphUnderTest'
import { cohortPatientIds, RESULT, seedLabFixtures, STUDY } from './labFixtures'
import { identityWith } from '../../../test/support/gatewayCredentials'

// A subgraph that cancels its own work when the gateway's deadline passes answers what happened:
// DEADLINE_EXCEEDED on the fields it owed (HTTP 200), not INTERNAL_SERVER_ERROR. The table is
// locked by another transaction, so the resolver's statement waits until it is cancelled.

let labs: SubgraphUnderTest<LabsPrisma>
beforeAll(async () => {
  labs = await startSubgraphUnderTest(
    labsSubgraph,
    (prisma) => seedLabFixtures(prisma, cohortPatientIds(2)),
    {},
    identityWith({ role: 'MONITOR', studyId: STUDY }),
  )
})
afterAll(() => labs?.stop())

/** Runs `work` while another transaction holds an exclusive lock on lab_result. */
async function whileLocked<T>(work: () => Promise<T>): Promise<T> {
  let release!: () => void
  const held = new Promise<void>((resolve) => (release = resolve))
  let locked!: () => void
  const isLocked = new Promise<void>((resolve) => (locked = resolve))
  const locking = labs.prisma.$transaction(
    async (tx) => {
      await tx.$executeRawUnsafe('LOCK TABLE lab_result IN ACCESS EXCLUSIVE MODE')
      locked()
      await held
    },
    { timeout: 30_000 },
  )
  await isLocked
  try {
    return await work()
  } finally {
    release()
    await locking
  }
}

it('a statement cancelled when the deadline passes answers DEADLINE_EXCEEDED on its field', async () => {
  const started = performance.now()
  const { status, body } = await whileLocked(() =>
    labs.post(`{ labResult(id: "${RESULT.annaHgbJan}") { id } }`, {}, { 'x-deadline-ms': '300' }),
  )
  expect(status).toBe(200)
  expect(body.data).toEqual({ labResult: null })
  expect(body.errors).toEqual([
    expect.objectContaining({
      path: ['labResult'],
      extensions: { code: 'DEADLINE_EXCEEDED', reason: 'subgraph-deadline' },
    }),
  ])
  expect(body.errors![0]!.message).toMatch(/deadline of 300 ms passed/)
  // Cancelled at the deadline, not when the lock was released.
  expect(performance.now() - started).toBeLessThan(10_000)
})

it("without a deadline the same statement waits for the lock and succeeds (the cancellation was the deadline's)", async () => {
  let answer: Awaited<ReturnType<typeof labs.post>> | undefined
  let pending!: Promise<unknown>
  await whileLocked(async () => {
    pending = labs.post(`{ labResult(id: "${RESULT.annaHgbJan}") { id } }`).then((r) => (answer = r))
    await new Promise((resolve) => setTimeout(resolve, 500))
    expect(answer).toBeUndefined() // still waiting for the lock
  })
  await pending
  expect(answer?.body).toEqual({ data: { labResult: { id: RESULT.annaHgbJan } } })
})
