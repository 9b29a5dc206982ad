import crypto from 'node:crypto'
import {
  STUDIES_STUDY_TOPIC,
  type StudyEvent,
  type StudySiteSnapshot,
  type StudyVisitDefinition,
  type StudyStatusName,
} from '../../../contracts/studyEvents'
import { enqueueEvents } from '../../../subgraph-runtime/events/outboxWrites'
import type { Prisma, Site, Study, StudyArm, VisitDefinition } from '../generated/prisma/client'

type Tx = Prisma.TransactionClient

/**
 * Writes a set-up event to the outbox in the transaction of the change it reports, so other
 * contexts learn of exactly the changes that were committed (docs/events.md). Keyed by study.
 */
export async function publishStudyEvent(tx: Tx, event: StudyEvent): Promise<void> {
  await enqueueEvents(tx, [
    { id: crypto.randomUUID(), topic: STUDIES_STUDY_TOPIC, key: event.studyId, type: event.type, payload: event },
  ])
}

type VisitRow = Pick<
  VisitDefinition,
  | 'code'
  | 'name'
  | 'visitType'
  | 'dayOffset'
  | 'windowBeforeDays'
  | 'windowAfterDays'
  | 'formOids'
  | 'questionnaireCodes'
>

/** A visit of the schedule as other contexts read it (set-up events, the saga's slot confirmation). */
export const visitDefinitionOf = (v: VisitRow): StudyVisitDefinition => ({
  code: v.code,
  name: v.name,
  visitType: v.visitType,
  dayOffset: v.dayOffset,
  windowBeforeDays: v.windowBeforeDays,
  windowAfterDays: v.windowAfterDays,
  formOids: v.formOids,
  questionnaireCodes: v.questionnaireCodes,
})

export function studyDefined(
  study: Study,
  arms: Pick<StudyArm, 'id' | 'code' | 'name' | 'allocationRatio'>[],
  visits: VisitRow[],
  criteria: { code: string; kind: 'INCLUSION' | 'EXCLUSION' }[],
): StudyEvent {
  return {
    type: 'StudyDefined',
    studyId: study.id,
    protocolId: study.protocolId,
    status: study.status as StudyStatusName,
    arms: arms.map((a) => ({ armId: a.id, code: a.code, name: a.name, allocationRatio: a.allocationRatio })),
    visitSchedule: visits.map(visitDefinitionOf),
    eligibilityCriteria: criteria.map((c) => ({ code: c.code, kind: c.kind })),
    blockMultipliers: study.blockMultipliers,
    lowStockThreshold: study.lowStockThreshold,
    doNotDispenseDays: study.doNotDispenseDays,
  }
}

/** A site event: the whole site as it is after the change (consumers upsert it). */
export async function publishSiteEvent(
  tx: Tx,
  type: 'SiteAdded' | 'SiteActivated' | 'SiteCapChanged',
  site: Site,
): Promise<void> {
  const { protocolId } = await tx.study.findUniqueOrThrow({ where: { id: site.studyId }, select: { protocolId: true } })
  const snapshot: StudySiteSnapshot = {
    siteId: site.id,
    studyId: site.studyId,
    protocolId,
    siteNumber: site.siteNumber,
    name: site.name,
    timeZone: site.timeZone,
    enrollmentCap: site.enrollmentCap,
    status: site.status,
  }
  await publishStudyEvent(tx, { type, studyId: site.studyId, site: snapshot })
}
