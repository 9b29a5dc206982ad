import crypto from 'node:crypto'
import type { InventoryContext } from '../context'
import { mayManageSupply, mayReadDepots } from '../../../access-policy/supplyPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { auditCreated, createdRow } from '../../../subgraph-runtime/audit/auditTrail'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import { InventoryErrorCodes } from '../errorCodes'
import { cryptoRng, kitLabeller } from './kitLabels'

/** A lot larger than this is registered in parts: one transaction stays short. */
const MAX_KITS_PER_LOT = 1000

export interface RegisterKitLotInput {
  studyId: string
  depotId: string
  armCode: string
  lotNumber: string
  packagingLot: string
  /** The Date scalar parses to a Date at UTC midnight. */
  expiresOn: Date | string
  kitCount: number
}

const startOfTodayUtc = () => {
  const today = new Date()
  today.setUTCHours(0, 0, 0, 0)
  return today
}

/**
 * A manufactured lot of one arm arrives at a depot: the lot (unblinded) and its kits AT_DEPOT,
 * each linked to the arm only through kit_treatment, labelled with a random kit number and a
 * random dispense-order key (kitLabels), all in one transaction with their audit rows. Kits are
 * numbered after the depot's code; registrations of one study are serialised on its row, so two
 * never draw the same number.
 */
export async function registerKitLot(input: RegisterKitLotInput, { prisma, identity, requestId }: InventoryContext) {
  const studyId = parseId(input.studyId, 'input.studyId')
  if (!mayManageSupply(identity, { studyId, siteId: null })) throw forbidden('study', studyId)
  const depotId = parseId(input.depotId, 'input.depotId')
  const lotNumber = input.lotNumber.trim()
  const packagingLot = input.packagingLot.trim()
  if (!lotNumber) throw badInput('input.lotNumber', '"lotNumber" must not be empty.')
  if (!packagingLot) throw badInput('input.packagingLot', '"packagingLot" must not be empty.')
  if (!Number.isInteger(input.kitCount) || input.kitCount < 1 || input.kitCount > MAX_KITS_PER_LOT)
    throw appError(InventoryErrorCodes.KIT_COUNT_OUT_OF_RANGE, `A lot holds 1 to ${MAX_KITS_PER_LOT} kits.`)
  const expiresOn = new Date(input.expiresOn)
  if (!(expiresOn >= startOfTodayUtc()))
    throw appError(InventoryErrorCodes.LOT_EXPIRED, 'The lot has already expired; its kits could never be dispensed.')
  const depot = await prisma.depot.findUnique({ where: { id: depotId } })
  if (!depot) throw appError(InventoryErrorCodes.DEPOT_UNKNOWN, 'No depot has this id.')
  const arm = await prisma.arm.findUnique({ where: { studyId_code: { studyId, code: input.armCode } } })
  if (!arm) throw appError(InventoryErrorCodes.ARM_UNKNOWN, 'The arm code names no treatment of the study.')
  return prisma.$transaction(async (tx) => {
    // Serialises the study's registrations: kit numbers are drawn against those already taken.
    await tx.$queryRaw`SELECT 1 FROM inventory_study WHERE study_id = ${studyId}::uuid FOR UPDATE`
    if (await tx.lot.findUnique({ where: { studyId_lotNumber: { studyId, lotNumber } }, select: { id: true } }))
      throw appError(InventoryErrorCodes.LOT_NUMBER_TAKEN, 'The study already has a lot with this lot number.')
    const at = new Date()
    const actor = requestActor(identity, requestId)
    const lot = { id: crypto.randomUUID(), studyId, armId: arm.id, lotNumber, packagingLot, expiresOn }
    await tx.lot.create({ data: lot })
    await auditCreated(tx, actor, { type: 'Lot', id: lot.id }, { ...lot, depotId, kitCount: input.kitCount }, at)
    const taken = await tx.kit.findMany({
      where: { studyId, kitNumber: { startsWith: `${depot.code}-` } },
      select: { kitNumber: true },
    })
    const label = kitLabeller(
      cryptoRng,
      depot.code,
      taken.map((k) => k.kitNumber),
    )
    const kits = Array.from({ length: input.kitCount }, () => ({
      id: crypto.randomUUID(),
      studyId,
      ...label(),
      packagingLot,
      expiresOn,
      status: 'AT_DEPOT' as const,
      depotId,
    }))
    await tx.kit.createMany({ data: kits })
    await tx.kitTreatment.createMany({ data: kits.map((k) => ({ kitId: k.id, armId: arm.id, lotId: lot.id })) })
    // A kit's own trail holds the kit table's columns only (never the arm: blinded readers see it).
    await tx.auditEvent.createMany({ data: kits.map((k) => createdRow(actor, { type: 'Kit', id: k.id }, k, at)) })
    return { ...lot, arm, depot, kits: await tx.kit.findMany({ where: { id: { in: kits.map((k) => k.id) } } }) }
  })
}

/** The depots, for the pharmacists who register kits at them and ship from them. */
export async function listDepots({ prisma, identity }: InventoryContext) {
  if (!mayReadDepots(identity)) throw forbidden('list of depots')
  return prisma.depot.findMany({ orderBy: { code: 'asc' } })
}
