import crypto from 'node:crypto'
import type { InventoryPrisma } from '../data/prismaClient'
import { addStratum, createRandomizationList } from '../randomization/randomizationList'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'

// One study with two arms whose codes and names are sentinels (searched for in raw responses by the
// blinding tests), one site with its stratum, and helpers to stock kits.
export const STUDY = 'a0000000-0000-4000-8000-000000000001'
export const SITE = 'b0000000-0000-4000-8000-000000000001'
export const OTHER_SITE = 'b0000000-0000-4000-8000-000000000002'
export const ARMS = [
  { id: 'c0000000-0000-4000-8000-00000000000a', code: 'ARM-ZEBRA-417', name: 'Zebrafumab 40 mg' },
  { id: 'c0000000-0000-4000-8000-00000000000b', code: 'ARM-QUOKKA-PBO', name: 'Quokka placebo' },
] as const
export const LOTS = ARMS.map((_arm, i) => ({
  id: `d0000000-0000-4000-8000-00000000000${i}`,
  lotNumber: `MFG-SENTINEL-${i}`,
}))
/** Every string that would unblind a reader if it appeared in a blinded response. */
export const SENTINELS = [...ARMS.flatMap((a) => [a.code, a.name, a.id]), ...LOTS.map((l) => l.lotNumber)]
export const DO_NOT_DISPENSE_DAYS = 14

const day = (offset: number) => {
  const d = new Date()
  d.setUTCHours(0, 0, 0, 0)
  d.setUTCDate(d.getUTCDate() + offset)
  return d
}

export async function seedInventoryFixtures(prisma: InventoryPrisma): Promise<void> {
  await prisma.inventoryStudy.create({
    data: { studyId: STUDY, doNotDispenseDays: DO_NOT_DISPENSE_DAYS, lowStockThreshold: 2 },
  })
  await prisma.inventorySite.createMany({
    data: [
      { siteId: SITE, studyId: STUDY, siteNumber: '101', timeZone: 'Europe/Berlin' },
      { siteId: OTHER_SITE, studyId: STUDY, siteNumber: '102', timeZone: 'America/New_York' },
    ],
  })
  await prisma.arm.createMany({
    data: ARMS.map((a, i) => ({ ...a, studyId: STUDY, ratio: 1, supplyCode: `SUPPLY-${i + 1}` })),
  })
  await prisma.lot.createMany({
    data: LOTS.map((l, i) => ({
      ...l,
      studyId: STUDY,
      armId: ARMS[i]!.id,
      packagingLot: 'PKG-0001',
      expiresOn: day(400),
    })),
  })
  await prisma.$transaction(async (tx) => {
    const list = await createRandomizationList(
      tx,
      { studyId: STUDY, arms: ARMS.map((a) => ({ armId: a.id, code: a.code, ratio: 1 })), multipliers: [2, 3] },
      systemActor('fixture'),
    )
    await addStratum(tx, list, { siteId: SITE, siteNumber: '101' })
    await addStratum(tx, list, { siteId: OTHER_SITE, siteNumber: '102' })
  })
}

let kitSerial = 0
/** Stocks kits of an arm at a site (AVAILABLE unless told), expiring `expiresInDays` from today. */
export async function stockKits(
  prisma: InventoryPrisma,
  armId: string,
  count: number,
  {
    siteId = SITE as string | null,
    depotId = null as string | null,
    expiresInDays = 400,
    status = 'AVAILABLE' as 'AVAILABLE' | 'AT_DEPOT' | 'QUARANTINED',
  } = {},
) {
  const lot = LOTS[ARMS.findIndex((a) => a.id === armId)]!
  const kits = Array.from({ length: count }, () => ({
    id: crypto.randomUUID(),
    studyId: STUDY,
    kitNumber: String(100000 + ++kitSerial),
    packagingLot: 'PKG-0001',
    expiresOn: day(expiresInDays),
    dispenseOrder: crypto.randomInt(2 ** 31 - 1),
    status,
    siteId,
    depotId,
  }))
  await prisma.kit.createMany({ data: kits })
  await prisma.kitTreatment.createMany({ data: kits.map((k) => ({ kitId: k.id, armId, lotId: lot.id })) })
  return kits
}

/** The arms of a site's next unused positions, in list order (what the test stocks to match). */
export async function nextArms(prisma: InventoryPrisma, count: number, siteId = SITE) {
  const entries = await prisma.randomizationEntry.findMany({
    where: { siteId, patientId: null },
    orderBy: { position: 'asc' },
    take: count,
  })
  return entries.map((e) => e.armId)
}
