import { PATIENTS_SUBJECT_TOPIC, type SubjectEvent } from '../../../contracts/subjectEvents'
import type { Logger } from '../../../platform/logging/logger'
import { uuidFromName } from '../../../platform/ids'
import { systemActor } from '../../../subgraph-runtime/audit/auditActor'
import { auditRow, createdRow } from '../../../subgraph-runtime/audit/auditTrail'
import type { BusMessage, EventBus } from '../../../subgraph-runtime/events/eventBus'
import { startEventConsumer, type EventConsumer } from '../../../subgraph-runtime/events/eventConsumer'
import { instrumentByCode } from '../data/instrumentLibrary'
import type { EproPrisma } from '../data/prismaClient'

/** Consumer group of epro's subject registry (every epro instance shares it). */
export const SUBJECT_REGISTRY_GROUP = 'epro-subject-registry'

/**
 * What epro learns from the patients context's subject events: an enrolled subject joins the
 * registry its access decisions read (study, site) and is activated on each diary their visit
 * schedule names, from the enrollment date, in the site's time zone; a withdrawn subject's diaries
 * end. Every write is keyed by the subject (and the diary), so a redelivered event changes nothing
 * and records nothing twice.
 */
export function registerSubject(prisma: EproPrisma, logger: Logger) {
  return async (message: BusMessage): Promise<void> => {
    const event = message.payload as SubjectEvent
    if (event.type === 'SubjectWithdrawn') return endDiaries(prisma, logger, message.id, event)
    if (event.type !== 'SubjectEnrolled') return
    const codes = [...new Set(event.visits.flatMap((v) => v.questionnaireCodes))]
    const unknown = codes.filter((c) => !instrumentByCode(c))
    if (unknown.length)
      logger.warn(
        { patientId: event.patientId, codes: unknown },
        'subject registry: instruments epro does not run were skipped',
      )
    await prisma.$transaction(async (tx) => {
      await tx.subject.upsert({
        where: { patientId: event.patientId },
        create: { patientId: event.patientId, studyId: event.studyId, siteId: event.siteId },
        update: { studyId: event.studyId, siteId: event.siteId },
      })
      const now = new Date()
      const actor = systemActor(message.id)
      for (const instrument of codes.map(instrumentByCode).filter((i) => i !== undefined)) {
        // The study's questionnaire of this instrument: its newest version, or the library's made for it.
        const questionnaire =
          (await tx.questionnaire.findFirst({
            where: { studyId: event.studyId, code: instrument.code },
            orderBy: { createdAt: 'desc' },
          })) ??
          (await tx.questionnaire.upsert({
            where: {
              studyId_code_version: { studyId: event.studyId, code: instrument.code, version: instrument.version },
            },
            create: {
              id: uuidFromName(`questionnaire:${event.studyId}:${instrument.code}:${instrument.version}`),
              studyId: event.studyId,
              ...instrument,
            },
            update: {},
          }))
        const id = uuidFromName(`diary:${event.patientId}:${questionnaire.id}`)
        const created = await tx.diaryEnrollment.createMany({
          data: [
            {
              id,
              patientId: event.patientId,
              questionnaireId: questionnaire.id,
              studyId: event.studyId,
              siteId: event.siteId,
              startDate: new Date(`${event.enrollmentDate}T00:00:00Z`),
              timeZone: event.timeZone,
            },
          ],
          skipDuplicates: true,
        })
        if (created.count)
          await tx.auditEvent.createMany({
            data: [
              createdRow(
                actor,
                { type: 'DiaryEnrollment', id },
                {
                  patientId: event.patientId,
                  questionnaireId: questionnaire.id,
                  startDate: event.enrollmentDate,
                  timeZone: event.timeZone,
                },
                now,
              ),
            ],
          })
      }
    })
    logger.info({ patientId: event.patientId, diaries: codes.length }, 'subject registered from patients events')
  }
}

/**
 * A withdrawn subject's diaries end on the day they left: entries after it are refused and
 * compliance stops counting days (both read end_date). A diary that already ended earlier keeps its
 * end; a redelivery finds nothing left to end.
 */
async function endDiaries(
  prisma: EproPrisma,
  logger: Logger,
  eventId: string,
  event: Extract<SubjectEvent, { type: 'SubjectWithdrawn' }>,
): Promise<void> {
  const end = new Date(`${event.withdrawnOn}T00:00:00Z`)
  const ended = await prisma.$transaction(async (tx) => {
    const open = await tx.diaryEnrollment.findMany({
      where: { patientId: event.patientId, OR: [{ endDate: null }, { endDate: { gt: end } }] },
      select: { id: true, endDate: true },
    })
    if (!open.length) return 0
    await tx.diaryEnrollment.updateMany({ where: { id: { in: open.map((d) => d.id) } }, data: { endDate: end } })
    const actor = systemActor(eventId)
    const at = new Date()
    await tx.auditEvent.createMany({
      data: open.map((d) =>
        auditRow(actor, 'UPDATE', { type: 'DiaryEnrollment', id: d.id }, at, {
          field: 'endDate',
          oldValue: d.endDate?.toISOString().slice(0, 10) ?? null,
          newValue: event.withdrawnOn,
          reasonForChange: 'Subject withdrawn from the study',
        }),
      ),
    })
    return open.length
  })
  logger.info({ patientId: event.patientId, ended }, 'diaries ended: subject withdrawn')
}

export const startSubjectRegistry = (prisma: EproPrisma, bus: EventBus, logger: Logger): EventConsumer =>
  startEventConsumer(bus, {
    topic: PATIENTS_SUBJECT_TOPIC,
    groupId: SUBJECT_REGISTRY_GROUP,
    logger,
    handle: registerSubject(prisma, logger),
  })
