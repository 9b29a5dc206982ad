import crypto from 'node:crypto'
import type { Prisma } from '../generated/prisma/client'
import type { InventoryPrisma } from '../data/prismaClient'
import { appError } from '../../../contracts/errors/errorRegistry'
import { auditCreated, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { InventoryErrorCodes } from '../errorCodes'
import { GENERATOR, generateBlocks, type ArmRatio, type GeneratedEntry, type StratumSpec } from './permutedBlocks'

type Tx = Prisma.TransactionClient

/** How many blocks a stratum holds ahead when a site joins (more are appended on demand). */
const INITIAL_BLOCKS = 3

/**
 * Creates a study's one randomisation list with a fresh 256-bit seed. The seed stays in this
 * database; the audit trail records its SHA-256, a commitment an auditor can later check against
 * the disclosed seed. A study that has a list is refused: a list is never regenerated.
 */
export async function createRandomizationList(
  tx: Tx,
  input: { studyId: string; arms: readonly ArmRatio[]; multipliers: readonly number[] },
  actor: AuditActor,
) {
  if (await tx.randomizationList.findUnique({ where: { studyId: input.studyId }, select: { id: true } }))
    throw appError(InventoryErrorCodes.RANDOMIZATION_LIST_EXISTS, 'The study already has a randomisation list.')
  const seed = crypto.randomBytes(32).toString('hex')
  const list = {
    id: crypto.randomUUID(),
    studyId: input.studyId,
    seed,
    seedDigest: crypto.createHash('sha256').update(seed).digest('hex'),
    generator: GENERATOR,
    ratioSnapshot: input.arms.map((a) => ({ armId: a.armId, code: a.code, ratio: a.ratio })),
    blockMultipliers: [...input.multipliers],
  }
  await tx.randomizationList.create({ data: list })
  const { seed: _secret, ...committed } = list
  await auditCreated(tx, actor, { type: 'RandomizationList', id: list.id }, committed, new Date())
  return list
}

interface StoredList {
  id: string
  seed: string
  ratioSnapshot: Prisma.JsonValue
  blockMultipliers: number[]
}

const specOf = (list: StoredList, site: { siteId: string; siteNumber: string }): StratumSpec => ({
  seed: list.seed,
  listId: list.id,
  siteId: site.siteId,
  siteNumber: site.siteNumber,
  arms: list.ratioSnapshot as unknown as ArmRatio[],
  multipliers: list.blockMultipliers,
})

/**
 * A site's stratum with its first blocks (when the site is activated): at least INITIAL_BLOCKS,
 * and enough to cover the site's enrollment cap plus one block, so the list for every subject the
 * site may enroll is fixed before the first is randomised.
 */
export async function addStratum(
  tx: Tx,
  list: StoredList,
  site: { siteId: string; siteNumber: string },
  enrollmentCap = 0,
) {
  const spec = specOf(list, site)
  const entries: GeneratedEntry[] = []
  let blocks = 0
  let coveredBefore: number
  do {
    coveredBefore = entries.length
    entries.push(...generateBlocks(spec, ++blocks, 1, entries.length))
  } while (blocks < INITIAL_BLOCKS || coveredBefore < enrollmentCap)
  await tx.randomizationStratum.create({
    data: { listId: list.id, siteId: site.siteId, blocksGenerated: blocks },
  })
  await tx.randomizationEntry.createMany({
    data: entries.map((e) => ({ ...e, id: crypto.randomUUID(), listId: list.id, siteId: site.siteId })),
  })
}

/**
 * The next block of a stratum whose entries are all used; called under the stratum's row lock,
 * so two allocations never append the same block. Positions continue after the last stored one
 * (imported demo entries included).
 */
export async function appendBlock(tx: Tx, list: StoredList, site: { siteId: string; siteNumber: string }) {
  const stratum = await tx.randomizationStratum.findUniqueOrThrow({
    where: { listId_siteId: { listId: list.id, siteId: site.siteId } },
  })
  const last = await tx.randomizationEntry.findFirst({
    where: { listId: list.id, siteId: site.siteId },
    orderBy: { position: 'desc' },
    select: { position: true },
  })
  const block = stratum.blocksGenerated + 1
  const entries = generateBlocks(specOf(list, site), block, 1, (last?.position ?? -1) + 1)
  await tx.randomizationEntry.createMany({
    data: entries.map((e) => ({ ...e, id: crypto.randomUUID(), listId: list.id, siteId: site.siteId })),
  })
  await tx.randomizationStratum.update({
    where: { listId_siteId: { listId: list.id, siteId: site.siteId } },
    data: { blocksGenerated: block },
  })
}

/**
 * A raised enrollment cap: blocks appended until the stratum covers it again (plus one block, as at
 * activation). Takes the stratum's row lock, like an allocation appending on demand.
 */
export async function coverEnrollmentCap(
  tx: Tx,
  list: StoredList,
  site: { siteId: string; siteNumber: string },
  enrollmentCap: number,
) {
  await tx.$queryRaw`SELECT 1 FROM randomization_stratum
                      WHERE list_id = ${list.id}::uuid AND site_id = ${site.siteId}::uuid FOR UPDATE`
  const coveredBeforeLastBlock = async () => {
    const [lastBlock] = await tx.randomizationEntry.groupBy({
      by: ['blockNumber'],
      where: { listId: list.id, siteId: site.siteId },
      _count: true,
      orderBy: { blockNumber: 'desc' },
      take: 1,
    })
    return (
      (await tx.randomizationEntry.count({ where: { listId: list.id, siteId: site.siteId } })) -
      (lastBlock?._count ?? 0)
    )
  }
  while ((await coveredBeforeLastBlock()) < enrollmentCap) await appendBlock(tx, list, site)
}

/**
 * Regenerates every generated block of a list from its seed and compares arm, position, block and
 * number with what is stored: true when the stored list is exactly what the seed gives.
 */
export async function verifyRandomizationList(prisma: InventoryPrisma, listId: string): Promise<boolean> {
  const list = await prisma.randomizationList.findUniqueOrThrow({ where: { id: listId } })
  const stored = await prisma.randomizationEntry.findMany({
    where: { listId, source: 'GENERATED' },
    orderBy: [{ siteId: 'asc' }, { position: 'asc' }],
  })
  const sites = await prisma.inventorySite.findMany({
    where: { siteId: { in: [...new Set(stored.map((e) => e.siteId))] } },
  })
  for (const site of sites) {
    const mine = stored.filter((e) => e.siteId === site.siteId)
    const blocks = [...new Set(mine.map((e) => e.blockNumber))].sort((a, b) => a - b)
    // Blocks 1..n with none missing: a removed block would otherwise go unnoticed.
    if (!blocks.every((k, i) => k === i + 1)) return false
    let position = mine[0]?.position ?? 0
    for (const k of blocks) {
      const expected = generateBlocks(specOf(list, site), k, 1, position)
      const actual = mine.filter((e) => e.blockNumber === k)
      const same =
        expected.length === actual.length &&
        expected.every((e, i) => {
          const a = actual[i]!
          return (
            a.armId === e.armId &&
            a.position === e.position &&
            a.blockSize === e.blockSize &&
            a.randomizationNumber === e.randomizationNumber
          )
        })
      if (!same) return false
      position += expected.length
    }
  }
  return true
}
