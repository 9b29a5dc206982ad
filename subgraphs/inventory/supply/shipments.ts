import crypto from 'node:crypto'
import type { InventoryContext } from '../context'
import type { Kit, Prisma } from '../generated/prisma/client'
import { mayHandleKitsAtSite, mayManageSupply } from '../../../access-policy/supplyPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { auditCreated, auditUpdated } from '../../../subgraph-runtime/audit/auditTrail'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import { InventoryErrorCodes } from '../errorCodes'
import { changeKits } from './kitChanges'

/** Days a shipment may take: a kit must still be dispensable when it arrives. */
const SHIPPING_LEAD_DAYS = 7

const transitionRefused = (action: string) =>
  appError(
    InventoryErrorCodes.SHIPMENT_TRANSITION_NOT_ALLOWED,
    `The shipment is not in a status that allows it to be ${action}.`,
  )

export interface CreateShipmentInput {
  studyId: string
  depotId: string
  siteId: string
  quantities: readonly { armCode: string; kits: number }[]
}

/** A shipment, first expiry first per arm; the kits stay at the depot, reserved for it, until shipped. */
export async function createShipment(input: CreateShipmentInput, { prisma, identity, requestId }: InventoryContext) {
  const studyId = parseId(input.studyId, 'input.studyId')
  if (!mayManageSupply(identity, { studyId, siteId: null })) throw forbidden('study', studyId)
  const site = await prisma.inventorySite.findUnique({ where: { siteId: parseId(input.siteId, 'input.siteId') } })
  if (!site || site.studyId !== studyId) throw forbidden('site', input.siteId)
  const depotId = parseId(input.depotId, 'input.depotId')
  if (input.quantities.some((q) => !Number.isInteger(q.kits) || q.kits < 1))
    throw badInput('input.quantities', 'Each quantity must be a whole number of kits, at least 1.')
  const arms = await prisma.arm.findMany({ where: { studyId, code: { in: input.quantities.map((q) => q.armCode) } } })
  const unknown = input.quantities.filter((q) => !arms.some((a) => a.code === q.armCode))
  if (unknown.length) throw badInput('input.quantities', 'Each quantity must name a treatment of the study.')
  const study = await prisma.inventoryStudy.findUniqueOrThrow({ where: { studyId } })
  return prisma.$transaction(async (tx) => {
    const at = new Date()
    const shipment = {
      id: crypto.randomUUID(),
      studyId,
      shipmentNumber: `SHP-${site.siteNumber}-${crypto.randomBytes(4).toString('hex').toUpperCase()}`,
      depotId,
      siteId: site.siteId,
      status: 'CREATED' as const,
      createdBy: identity!.userId,
      createdAt: at,
    }
    const created = await tx.shipment.create({ data: shipment })
    const taken: Kit[] = []
    for (const q of input.quantities) {
      const armId = arms.find((a) => a.code === q.armCode)!.id
      const rows = await tx.$queryRaw<{ id: string }[]>`
        SELECT k.id FROM kit k JOIN kit_treatment t ON t.kit_id = k.id
         WHERE k.depot_id = ${depotId}::uuid AND k.status = 'AT_DEPOT' AND k.shipment_id IS NULL AND t.arm_id = ${armId}::uuid
           AND k.expires_on >= current_date + ${study.doNotDispenseDays + SHIPPING_LEAD_DAYS}::int
         ORDER BY k.expires_on, k.dispense_order LIMIT ${q.kits} FOR UPDATE OF k SKIP LOCKED`
      if (rows.length < q.kits)
        throw appError(
          InventoryErrorCodes.INSUFFICIENT_DEPOT_STOCK,
          'The depot has too few shippable kits for this shipment.',
        )
      taken.push(...(await tx.kit.findMany({ where: { id: { in: rows.map((r) => r.id) } } })))
    }
    await tx.kit.updateMany({ where: { id: { in: taken.map((k) => k.id) } }, data: { shipmentId: shipment.id } })
    await tx.shipmentKit.createMany({ data: taken.map((k) => ({ shipmentId: shipment.id, kitId: k.id })) })
    await auditCreated(
      tx,
      requestActor(identity, requestId),
      { type: 'Shipment', id: shipment.id },
      { ...shipment, kitCount: taken.length },
      at,
    )
    return created
  })
}

async function lockedShipment(tx: Prisma.TransactionClient, shipmentId: string) {
  await tx.$queryRaw`SELECT 1 FROM shipment WHERE id = ${shipmentId}::uuid FOR UPDATE`
  return tx.shipment.findUnique({ where: { id: shipmentId } })
}

export async function markShipmentShipped(rawId: string, { prisma, identity, requestId }: InventoryContext) {
  const shipmentId = parseId(rawId, 'shipmentId')
  return prisma.$transaction(async (tx) => {
    const shipment = await lockedShipment(tx, shipmentId)
    if (!shipment || !mayManageSupply(identity, { studyId: shipment.studyId, siteId: null }))
      throw forbidden('shipment', shipmentId)
    if (shipment.status !== 'CREATED') throw transitionRefused('shipped')
    const at = new Date()
    const after = { ...shipment, status: 'SHIPPED' as const, shippedAt: at }
    await tx.shipment.update({ where: { id: shipmentId }, data: { status: 'SHIPPED', shippedAt: at } })
    const actor = requestActor(identity, requestId)
    await auditUpdated(
      tx,
      actor,
      { type: 'Shipment', id: shipmentId },
      { before: shipment, after, fields: ['status', 'shippedAt'] },
      at,
    )
    const kits = await tx.kit.findMany({ where: { shipmentId } })
    await changeKits(tx, actor, kits, { status: 'IN_TRANSIT', depotId: null }, null, at)
    return after
  })
}

export interface ReceiveShipmentInput {
  shipmentId: string
  damagedKitNumbers?: readonly string[]
  missingKitNumbers?: readonly string[]
}

/** The site's receipt: damaged and missing kits are recorded so and never become available. */
export async function receiveShipment(input: ReceiveShipmentInput, { prisma, identity, requestId }: InventoryContext) {
  const shipmentId = parseId(input.shipmentId, 'input.shipmentId')
  return prisma.$transaction(async (tx) => {
    const shipment = await lockedShipment(tx, shipmentId)
    if (!shipment || !mayHandleKitsAtSite(identity, shipment)) throw forbidden('shipment', shipmentId)
    if (shipment.status !== 'SHIPPED') throw transitionRefused('received')
    const kits = await tx.kit.findMany({ where: { shipmentId } })
    const damaged = input.damagedKitNumbers ?? []
    const missing = input.missingKitNumbers ?? []
    const named = [...damaged, ...missing]
    const strangers = named.filter((n) => !kits.some((k) => k.kitNumber === n))
    if (strangers.length)
      throw appError(InventoryErrorCodes.KIT_NOT_IN_SHIPMENT, 'Some kit numbers are not in this shipment.', {
        kitNumbers: strangers,
      })
    if (new Set(named).size !== named.length)
      throw badInput('input', 'A kit is either damaged or missing, and named once.')
    const at = new Date()
    const actor = requestActor(identity, requestId)
    const condition = (k: Kit) =>
      damaged.includes(k.kitNumber) ? 'DAMAGED' : missing.includes(k.kitNumber) ? 'MISSING' : 'AVAILABLE'
    for (const status of ['AVAILABLE', 'DAMAGED', 'MISSING'] as const) {
      const group = kits.filter((k) => condition(k) === status)
      await tx.shipmentKit.updateMany({
        where: { shipmentId, kitId: { in: group.map((k) => k.id) } },
        data: { receiptCondition: status === 'AVAILABLE' ? 'GOOD' : status },
      })
      await changeKits(
        tx,
        actor,
        group,
        { status, siteId: shipment.siteId },
        status === 'AVAILABLE' ? null : `${status.toLowerCase()} on receipt`,
        at,
      )
    }
    const after = { ...shipment, status: 'RECEIVED' as const, receivedAt: at, receivedBy: identity!.userId }
    await tx.shipment.update({
      where: { id: shipmentId },
      data: { status: 'RECEIVED', receivedAt: at, receivedBy: identity!.userId },
    })
    await auditUpdated(
      tx,
      actor,
      { type: 'Shipment', id: shipmentId },
      { before: shipment, after, fields: ['status', 'receivedAt', 'receivedBy'] },
      at,
    )
    return after
  })
}
