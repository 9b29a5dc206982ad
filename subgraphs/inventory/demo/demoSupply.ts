import { createHash } from 'node:crypto'
import seedrandom from 'seedrandom'
import { stableUuid, type DemoDataset, type PatientRow } from '../../../demo-data'
import { generateBlocks, type ArmRatio } from '../randomization/permutedBlocks'
import { kitLabeller } from '../supply/kitLabels'
import type { Prisma } from '../generated/prisma/client'

/**
 * Inventory's slice of the demo dataset, derived from the other contexts' demo rows: the two demo
 * arms of each study ("A"/"B", 1:1, the labels the patients seed assigns), one randomisation list
 * per study whose first positions are the seeded randomised patients in enrollment order with
 * their demo arm (source IMPORTED: those assignments predate this context), then blocks from the
 * algorithm; a kit dispensed to each of them, and stock at every site. Pure and deterministic:
 * seeding twice writes the same rows. The demo list seed is derived from the study id (a real
 * list's is crypto-random) so that the seed stays idempotent.
 */
const DEMO_ARM_LABELS = ['A', 'B'] as const
const STOCK_PER_ARM = 6
const BLOCKS_AHEAD = 3
const MULTIPLIERS = [2, 3]
const EXPIRY = new Date(Date.UTC(2028, 5, 30))

const randomized = (p: PatientRow) => p.arm !== null && p.enrollmentDate !== null
const byEnrollment = (a: PatientRow, b: PatientRow) =>
  a.enrollmentDate!.getTime() - b.enrollmentDate!.getTime() || a.subjectNumber.localeCompare(b.subjectNumber)

export function demoSupply({ studies, patients }: Pick<DemoDataset, 'studies' | 'patients'>) {
  const depot = { id: stableUuid('depot', 'EU-1'), code: 'EU-1', name: 'Northbridge Clinical Supplies', country: 'DE' }
  const arms = studies.studies.flatMap((study) =>
    DEMO_ARM_LABELS.map((label, i) => ({
      id: stableUuid('arm', `${study.id}:${label}`),
      studyId: study.id,
      code: label,
      name: `Arm ${label}`,
      ratio: 1,
      supplyCode: `${study.protocolId}-S${i + 1}`,
    })),
  )
  const lots = arms.map((arm) => ({
    id: stableUuid('lot', arm.id),
    studyId: arm.studyId,
    armId: arm.id,
    lotNumber: `MFG-${arm.supplyCode}-01`,
    packagingLot: `PKG-${arm.studyId.slice(0, 4).toUpperCase()}-01`,
    expiresOn: EXPIRY,
  }))
  const lists = studies.studies.map((study) => {
    const seed = createHash('sha256').update(`demo-randomization-seed:${study.id}`).digest('hex')
    return {
      id: stableUuid('randomization-list', study.id),
      studyId: study.id,
      seed,
      seedDigest: createHash('sha256').update(seed).digest('hex'),
      generator: 'demo-data',
      ratioSnapshot: arms
        .filter((a) => a.studyId === study.id)
        .map((a) => ({ armId: a.id, code: a.code, ratio: a.ratio })),
      blockMultipliers: MULTIPLIERS,
    }
  })
  const strata: Prisma.RandomizationStratumCreateManyInput[] = []
  const entries: Prisma.RandomizationEntryCreateManyInput[] = []
  const kits: Prisma.KitCreateManyInput[] = []
  const treatments: Prisma.KitTreatmentCreateManyInput[] = []
  for (const site of studies.sites) {
    const list = lists.find((l) => l.studyId === site.studyId)!
    const siteArms = arms.filter((a) => a.studyId === site.studyId)
    const armOf = (code: string) => siteArms.find((a) => a.code === code)!
    const lotOf = (armId: string) => lots.find((l) => l.armId === armId)!
    const label = kitLabeller(seedrandom(`demo-kits:${site.id}`), site.siteNumber)
    const kit = (armId: string, extra: Partial<Prisma.KitCreateManyInput>) => {
      const id = stableUuid('kit', `${site.id}:${kits.length}`)
      const lot = lotOf(armId)
      treatments.push({ kitId: id, armId, lotId: lot.id })
      kits.push({
        id,
        studyId: site.studyId,
        ...label(),
        packagingLot: lot.packagingLot,
        expiresOn: lot.expiresOn,
        status: 'AVAILABLE',
        siteId: site.id,
        ...extra,
      })
    }
    const imported = patients.patients.filter((p) => p.siteId === site.id && randomized(p)).sort(byEnrollment)
    imported.forEach((p, position) => {
      const arm = armOf(p.arm!)
      entries.push({
        id: stableUuid('randomization-entry', `${site.id}:${position}`),
        listId: list.id,
        siteId: site.id,
        position,
        blockNumber: 0,
        blockSize: imported.length,
        armId: arm.id,
        randomizationNumber: `${site.siteNumber}-R${String(position + 1).padStart(4, '0')}`,
        source: 'IMPORTED',
        patientId: p.id,
        randomizedAt: p.enrollmentDate,
      })
      kit(arm.id, {
        status: 'DISPENSED',
        patientId: p.id,
        allocatedAt: p.enrollmentDate,
        dispensedAt: p.enrollmentDate,
      })
    })
    const spec = { seed: list.seed, listId: list.id, siteId: site.id, siteNumber: site.siteNumber }
    const ratios: ArmRatio[] = siteArms.map((a) => ({ armId: a.id, code: a.code, ratio: a.ratio }))
    for (const e of generateBlocks(
      { ...spec, arms: ratios, multipliers: MULTIPLIERS },
      1,
      BLOCKS_AHEAD,
      imported.length,
    ))
      entries.push({
        ...e,
        id: stableUuid('randomization-entry', `${site.id}:${e.position}`),
        listId: list.id,
        siteId: site.id,
        source: 'GENERATED',
        patientId: null,
        randomizedAt: null,
      })
    strata.push({ listId: list.id, siteId: site.id, blocksGenerated: BLOCKS_AHEAD, entriesUsed: imported.length })
    for (const arm of siteArms) for (let i = 0; i < STOCK_PER_ARM; i++) kit(arm.id, {})
  }
  return { depot, arms, lots, lists, strata, entries, kits, treatments }
}
