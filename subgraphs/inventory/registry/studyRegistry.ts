import crypto from 'node:crypto'
import {
  STUDIES_STUDY_TOPIC,
  type StudyEvent,
  type StudyArmDefinition,
  type StudySiteSnapshot,
} from '../../../contracts/studyEvents'
import type { Logger } from '../../../platform/logging/logger'
import type { BusMessage, EventBus } from '../../../subgraph-runtime/events/eventBus'
import { startEventConsumer, type EventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import { claimEvent } from '../../../subgraph-runtime/events/outboxWrites'
import { auditCreated, auditUpdated, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'
import type { Prisma } from '../generated/prisma/client'
import type { InventoryPrisma } from '../data/prismaClient'
import { addStratum, coverEnrollmentCap, createRandomizationList } from '../randomization/randomizationList'

type Tx = Prisma.TransactionClient
type StudyDefined = Extract<StudyEvent, { type: 'StudyDefined' }>

/** Consumer group of inventory's study registry (every inventory instance shares it). */
export const STUDY_REGISTRY_GROUP = 'inventory-study-registry'

/** A site with a large cap generates its whole stratum in this transaction. */
const TRANSACTION = { maxWait: 30_000, timeout: 60_000 }

/**
 * What inventory learns from the studies context's set-up events (design §5): a defined study
 * gets its supply settings, its arms and its one randomisation list (fresh seed); an activated
 * site its stratum, generated to cover its enrollment cap, and topped up when the cap is raised.
 * The event is claimed in the transaction of its effects, so a redelivery changes nothing (the
 * list is never generated twice). Recruitment status is the studies context's concern (it refuses
 * slots), so StudyStatusChanged needs nothing here.
 */
export function followStudySetup(prisma: InventoryPrisma, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const event = { ...(message.payload as StudyEvent), type: message.type } as StudyEvent
    if (event.type === 'StudyStatusChanged') return
    const applied = await prisma.$transaction(async (tx) => {
      if (!(await claimEvent(tx, STUDY_REGISTRY_GROUP, message.id))) return false
      const actor = systemActor(`event:${message.id}`)
      if (event.type === 'StudyDefined') await defineStudy(tx, event, actor, logger)
      else await followSite(tx, event.site, actor, logger)
      return true
    }, TRANSACTION)
    logger.info(
      { eventId: message.id, type: event.type, studyId: event.studyId, applied },
      'study set-up event handled',
    )
  }
}

async function defineStudy(tx: Tx, event: StudyDefined, actor: AuditActor, logger: Logger) {
  const settings = {
    doNotDispenseDays: event.doNotDispenseDays,
    lowStockThreshold: event.lowStockThreshold,
    blockMultipliers: event.blockMultipliers,
  }
  await tx.inventoryStudy.upsert({
    where: { studyId: event.studyId },
    create: { studyId: event.studyId, ...settings },
    update: settings,
  })
  if (await tx.randomizationList.findUnique({ where: { studyId: event.studyId }, select: { id: true } })) {
    logger.warn({ studyId: event.studyId }, 'study defined again: its randomisation list and arms stay as they are')
    return
  }
  const arms = event.arms.map((a) => ({ armId: a.armId, code: a.code, ratio: a.allocationRatio }))
  const list = await createRandomizationList(
    tx,
    { studyId: event.studyId, arms, multipliers: event.blockMultipliers },
    actor,
  )
  const at = new Date()
  const codes = supplyCodes(event.protocolId, event.arms, list.seed)
  for (const arm of event.arms) {
    const row = {
      id: arm.armId,
      studyId: event.studyId,
      code: arm.code,
      name: arm.name,
      ratio: arm.allocationRatio,
      supplyCode: codes.get(arm.armId)!,
    }
    await tx.arm.create({ data: row })
    await auditCreated(tx, actor, { type: 'Arm', id: arm.armId }, row, at)
  }
}

/**
 * Supply codes ("ONC-3017-S2") name an arm's stock in low-stock signals, read by the supply chain,
 * which must not learn the arm. Numbered in an order keyed by the list's secret seed, so neither
 * the arm codes' order nor the order of the protocol's arms tells S1 from S2.
 */
function supplyCodes(protocolId: string, arms: readonly StudyArmDefinition[], seed: string): Map<string, string> {
  const key = (armId: string) => crypto.createHmac('sha256', seed).update(armId).digest('hex')
  const ordered = [...arms].sort((a, b) => (key(a.armId) < key(b.armId) ? -1 : 1))
  return new Map(ordered.map((a, i) => [a.armId, `${protocolId}-S${i + 1}`]))
}

/**
 * A site as it now is (every site event carries all of it). An active site has a stratum covering
 * its cap; randomisation numbers are named by the site number, which therefore never changes.
 */
async function followSite(tx: Tx, site: StudySiteSnapshot, actor: AuditActor, logger: Logger) {
  const fields = { studyId: site.studyId, siteNumber: site.siteNumber, timeZone: site.timeZone }
  await tx.inventorySite.upsert({
    where: { siteId: site.siteId },
    create: { siteId: site.siteId, ...fields },
    update: fields,
  })
  if (site.status !== 'ACTIVE') return
  const list = await tx.randomizationList.findUnique({ where: { studyId: site.studyId } })
  if (!list) {
    logger.warn({ siteId: site.siteId, studyId: site.studyId }, 'active site of a study without a randomisation list')
    return
  }
  const key = { listId_siteId: { listId: list.id, siteId: site.siteId } }
  const before = await tx.randomizationStratum.findUnique({ where: key })
  if (before) await coverEnrollmentCap(tx, list, site, site.enrollmentCap)
  else await addStratum(tx, list, site, site.enrollmentCap)
  const after = await tx.randomizationStratum.findUniqueOrThrow({ where: key })
  // The trail holds the block count only: the entries' arms are the list's secret.
  const entity = { type: 'RandomizationStratum', id: `${list.id}:${site.siteId}` }
  if (!before) await auditCreated(tx, actor, entity, { ...after, enrollmentCap: site.enrollmentCap }, new Date())
  else if (after.blocksGenerated !== before.blocksGenerated)
    await auditUpdated(tx, actor, entity, { before, after, fields: ['blocksGenerated'] }, new Date())
}

export const startStudyRegistry = (prisma: InventoryPrisma, bus: EventBus, logger: Logger): EventConsumer =>
  startEventConsumer(bus, {
    topic: STUDIES_STUDY_TOPIC,
    groupId: STUDY_REGISTRY_GROUP,
    logger,
    handle: followStudySetup(prisma, logger),
  })
