import type { EproSubmission } from '../generated/prisma/client'
import type { EproPrisma } from '../data/prismaClient'
import { appError } from '../../../contracts/errors/errorRegistry'
import { EproErrorCodes } from '../errorCodes'
import { createdRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { classifyReceipt, entryWindow, localDate } from './entryWindow'
import type { ValidSubmission } from './validateSubmission'
import { alertEvents } from './alertEvents'
import { currentTraceCarrier } from '../../../platform/telemetry/traceContext'
import { baselineForRiseRule, evaluateSafetyRules } from '../safety/safetyRules'
import { type RuleHit } from '../data/alertEventPayload'
import { insertSubmission, readSubmissionContext, type SubmissionContext } from '../data/submissionStatements'

export interface RecordedSubmission {
  submission: EproSubmission
  created: boolean
  signals: Pick<RuleHit, 'rule' | 'severity' | 'ctcaeTerm' | 'ctcaeGrade' | 'summary'>[]
}

/**
 * Records a diary entry judged by `context` (data/submissionStatements: read once per request)
 * and, in the same atomic write, one outbox event per safety rule it hits (transactional outbox:
 * the entry and its alerts are committed together or not at all; a relay publishes the events)
 * and the entry's audit record (CREATE, by `actor`). A retry with the same submission id returns
 * the first outcome; it writes nothing, so it records nothing.
 */
export async function recordSubmission(
  prisma: EproPrisma,
  input: ValidSubmission,
  context: SubmissionContext,
  now: Date,
  actor: AuditActor,
): Promise<RecordedSubmission> {
  if (context.recorded) return replay(context.recorded, input)
  const { diary, thresholds } = context
  if (!diary)
    throw appError(
      EproErrorCodes.EPRO_NOT_ACTIVE,
      'This patient has no active diary: it has not been activated on a device.',
      { patientId: input.patientId },
    )
  const entryDate = input.entryDate ?? localDate(input.deviceTimestamp, diary.timeZone)
  if (entryDate < diary.startDate || (diary.endDate && entryDate > diary.endDate)) {
    throw appError(
      EproErrorCodes.EPRO_NOT_ACTIVE,
      `The diary period runs from ${diary.startDate} to ${diary.endDate ?? 'today'}; ${entryDate} is outside it.`,
      { entryDate },
    )
  }
  const window = entryWindow(entryDate, diary.schedule, diary.timeZone)
  const receipt = classifyReceipt(now, window)
  if (receipt === 'TOO_EARLY' || receipt === 'CLOSED') {
    const when =
      receipt === 'TOO_EARLY'
        ? `opens at ${window.opensAt.toISOString()}`
        : `closed at ${window.closesAt.toISOString()} and late entries were accepted until ${window.lateUntil.toISOString()}`
    throw appError(
      EproErrorCodes.EPRO_WINDOW_CLOSED,
      `The diary entry for ${entryDate} cannot be recorded now: its window ${when}.`,
      {
        entryDate,
        opensAt: window.opensAt.toISOString(),
        closesAt: window.closesAt.toISOString(),
        lateUntil: window.lateUntil.toISOString(),
      },
    )
  }

  const candidate = { painScore: input.painScore, symptoms: input.symptoms, entryDate }
  // Null while the entry is itself inside the baseline window: the baseline is still forming.
  const baseline = baselineForRiseRule(
    diary.startDate,
    candidate,
    context.baselineEntries.map((e) => ({ ...e, symptoms: [] })),
    thresholds,
  )
  const hits = evaluateSafetyRules(candidate, baseline, thresholds)
  const events = alertEvents(hits, {
    submissionId: context.entryId,
    patientId: input.patientId,
    siteId: diary.siteId,
    studyId: diary.studyId,
    detectedAt: now,
  })
  // The row as stored (fields in the model's order): the answer, and the audit record's new value.
  const submission: EproSubmission = {
    id: context.entryId,
    patientId: input.patientId,
    questionnaireId: diary.questionnaireId,
    entryDate: new Date(`${entryDate}T00:00:00Z`),
    painScore: input.painScore,
    symptoms: input.symptoms,
    deviceTimestamp: input.deviceTimestamp,
    serverTimestamp: now,
    late: receipt === 'LATE',
  }
  const audit = createdRow(actor, { type: 'EproSubmission', id: submission.id }, submission, now)
  // The request's trace goes with its events, through Kafka to the alert consumer and the CRC's screen.
  if (await insertSubmission(prisma, submission, events, currentTraceCarrier(), audit))
    return { submission, created: true, signals: hits }
  // Not inserted: either the same entry arrived twice at once (same id: answer as a retry), or the day
  // already has another entry.
  const again = await readSubmissionContext(prisma, input.submissionId, input.patientId)
  if (again.recorded) return replay(again.recorded, input)
  // Another patient's entry took the id in the meantime: store this one under its derived id.
  if (again.entryId !== context.entryId) return recordSubmission(prisma, input, again, now, actor)
  throw appError(
    EproErrorCodes.EPRO_DUPLICATE_ENTRY,
    `The patient already has a diary entry for ${entryDate}; only one entry per diary day is recorded.`,
    { entryDate },
  )
}

/** A retry: same id and same content answers with the first outcome; different content is a conflict. */
function replay(
  { submission, events }: NonNullable<SubmissionContext['recorded']>,
  input: ValidSubmission,
): RecordedSubmission {
  const same =
    submission.patientId === input.patientId &&
    submission.painScore === input.painScore &&
    submission.deviceTimestamp.getTime() === input.deviceTimestamp.getTime() &&
    (input.entryDate === null || day(submission.entryDate) === input.entryDate)
  if (!same)
    throw appError(
      EproErrorCodes.IDEMPOTENCY_CONFLICT,
      `Submission ${input.submissionId} was already recorded with different content; a retry must repeat the original entry exactly.`,
      { submissionId: input.submissionId },
    )
  const signals = events.map((p) => ({
    rule: p.rule,
    severity: p.severity,
    ctcaeTerm: p.ctcaeTerm,
    ctcaeGrade: p.ctcaeGrade,
    summary: p.summary,
  }))
  return { submission, created: false, signals }
}

const day = (date: Date) => date.toISOString().slice(0, 10)
