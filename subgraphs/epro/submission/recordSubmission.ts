import type { EproSubmission } from '../generated/prisma/client'
import { Prisma } from '../generated/prisma/client'
import type { EproPrisma } from '../data/prismaClient'
import { appError } from '../../../server-kit/errors'
import { auditCreated, type AuditActor } from '../../../server-kit/audit/auditTrail'
import { classifyReceipt, entryWindow, localDate } from './entryWindow'
import type { ValidSubmission } from './validateSubmission'
import { alertEvents, type AlertDetectedPayload } from './alertEvents'
import { currentTraceCarrier } from '../../../server-kit/telemetry/traceContext'
import { DEFAULT_THRESHOLDS, baselineForRiseRule, evaluateSafetyRules, type RuleHit, type SafetyThresholds } from '../safety/safetyRules'

export interface RecordedSubmission {
  submission: EproSubmission
  created: boolean
  signals: Pick<RuleHit, 'rule' | 'severity' | 'ctcaeTerm' | 'ctcaeGrade' | 'summary'>[]
}

const day = (date: Date) => date.toISOString().slice(0, 10)

/**
 * Records a diary entry and, in the same transaction, one outbox event per safety rule it hits
 * (transactional outbox: the entry and its alerts are committed together or not at all; a relay
 * publishes the events). A retry with the same submission id returns the first outcome.
 * The entry's audit record (CREATE, by `actor`) commits in that same transaction; a retry
 * writes nothing, so it records nothing.
 */
export async function recordSubmission(prisma: EproPrisma, input: ValidSubmission, now: Date, actor: AuditActor): Promise<RecordedSubmission> {
  const existing = await prisma.eproSubmission.findUnique({ where: { id: input.submissionId } })
  if (existing) return replay(prisma, existing, input)

  const enrollment = await prisma.diaryEnrollment.findFirst({ where: { patientId: input.patientId }, orderBy: { startDate: 'desc' }, include: { questionnaire: true } })
  if (!enrollment) throw appError('EPRO_NOT_ACTIVE', 'This patient has no active diary: it has not been activated on a device.', { patientId: input.patientId })
  const entryDate = input.entryDate ?? localDate(input.deviceTimestamp, enrollment.timeZone)
  if (entryDate < day(enrollment.startDate) || (enrollment.endDate && entryDate > day(enrollment.endDate))) {
    throw appError('EPRO_NOT_ACTIVE', `The diary period runs from ${day(enrollment.startDate)} to ${enrollment.endDate ? day(enrollment.endDate) : 'today'}; ${entryDate} is outside it.`, { entryDate })
  }
  const { questionnaire } = enrollment
  const window = entryWindow(entryDate, { opensMinute: questionnaire.windowOpensMinute, closesMinute: questionnaire.windowClosesMinute, lateGraceHours: questionnaire.lateGraceHours }, enrollment.timeZone)
  const receipt = classifyReceipt(now, window)
  if (receipt === 'TOO_EARLY' || receipt === 'CLOSED') {
    const when = receipt === 'TOO_EARLY' ? `opens at ${window.opensAt.toISOString()}` : `closed at ${window.closesAt.toISOString()} and late entries were accepted until ${window.lateUntil.toISOString()}`
    throw appError('EPRO_WINDOW_CLOSED', `The diary entry for ${entryDate} cannot be recorded now: its window ${when}.`, {
      entryDate,
      opensAt: window.opensAt.toISOString(),
      closesAt: window.closesAt.toISOString(),
      lateUntil: window.lateUntil.toISOString(),
    })
  }

  const thresholds = await thresholdsFor(prisma, enrollment.studyId)
  const baselineEnd = new Date(enrollment.startDate.getTime() + thresholds.baselineDays * 86_400_000)
  const baselineEntries = await prisma.eproSubmission.findMany({
    where: { patientId: input.patientId, questionnaireId: questionnaire.id, entryDate: { gte: enrollment.startDate, lt: baselineEnd } },
    select: { painScore: true, entryDate: true },
  })
  const candidate = { painScore: input.painScore, symptoms: input.symptoms, entryDate }
  // Null while the entry is itself inside the baseline window: the baseline is still forming.
  const baseline = baselineForRiseRule(day(enrollment.startDate), candidate, baselineEntries.map((e) => ({ painScore: e.painScore, symptoms: [], entryDate: day(e.entryDate) })), thresholds)
  const hits = evaluateSafetyRules(candidate, baseline, thresholds)
  const events = alertEvents(hits, { submissionId: input.submissionId, patientId: input.patientId, siteId: enrollment.siteId, studyId: enrollment.studyId, detectedAt: now })

  try {
    const submission = await prisma.$transaction(async (tx) => {
      const created = await tx.eproSubmission.create({
        data: {
          id: input.submissionId,
          patientId: input.patientId,
          questionnaireId: questionnaire.id,
          entryDate: new Date(`${entryDate}T00:00:00Z`),
          painScore: input.painScore,
          symptoms: input.symptoms,
          deviceTimestamp: input.deviceTimestamp,
          serverTimestamp: now,
          late: receipt === 'LATE',
        },
      })
      // The request's trace goes with its events, through Kafka to the alert consumer and the CRC's screen.
      const traceContext = currentTraceCarrier() ?? undefined
      if (events.length) await tx.outboxEvent.createMany({ data: events.map((e) => ({ ...e, occurredAt: now, traceContext })) })
      await auditCreated(tx, actor, { type: 'EproSubmission', id: created.id }, created, now)
      return created
    })
    return { submission, created: true, signals: hits }
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      // Either the same entry arrived twice at once (same id: answer as a retry), or the day already has another entry.
      const raced = await prisma.eproSubmission.findUnique({ where: { id: input.submissionId } })
      if (raced) return replay(prisma, raced, input)
      throw appError('EPRO_DUPLICATE_ENTRY', `The patient already has a diary entry for ${entryDate}; only one entry per diary day is recorded.`, { entryDate })
    }
    throw error
  }
}

async function thresholdsFor(prisma: EproPrisma, studyId: string): Promise<SafetyThresholds> {
  const set = await prisma.safetyRuleSet.findUnique({ where: { studyId } })
  return set ? { painAbsolute: set.painAbsolute, painRiseOverBaseline: set.painRiseOverBaseline, seriousGrade: set.seriousGrade, baselineDays: set.baselineDays, minBaselineEntries: set.minBaselineEntries } : DEFAULT_THRESHOLDS
}

/** A retry: same id and same content answers with the first outcome; different content is a conflict. */
async function replay(prisma: EproPrisma, existing: EproSubmission, input: ValidSubmission): Promise<RecordedSubmission> {
  const same = existing.patientId === input.patientId && existing.painScore === input.painScore && existing.deviceTimestamp.getTime() === input.deviceTimestamp.getTime() && (input.entryDate === null || day(existing.entryDate) === input.entryDate)
  if (!same) throw appError('IDEMPOTENCY_CONFLICT', `Submission ${input.submissionId} was already recorded with different content; a retry must repeat the original entry exactly.`, { submissionId: input.submissionId })
  const events = await prisma.outboxEvent.findMany({ where: { payload: { path: ['submissionId'], equals: existing.id } }, orderBy: { sequence: 'asc' } })
  const signals = events.map((e) => {
    const p = e.payload as unknown as AlertDetectedPayload
    return { rule: p.rule, severity: p.severity, ctcaeTerm: p.ctcaeTerm, ctcaeGrade: p.ctcaeGrade, summary: p.summary }
  })
  return { submission: existing, created: false, signals }
}
