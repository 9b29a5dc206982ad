import type { EproPrisma } from './prismaClient'
import type { EproSubmission } from '../generated/prisma/client'
import type { SubjectScope } from '../../../access-policy/accessPolicy'
import type { AuditEventInput } from '../../../subgraph-runtime/audit/auditTrail'
import type { TraceCarrier } from '../../../platform/telemetry/traceContext'
import type { WindowSchedule } from './models'
import { DEFAULT_THRESHOLDS, type SafetyThresholds } from './safetyRuleSet'
import type { AlertDetectedPayload } from './alertEventPayload'
import { insertAuditRow, jsonParameter } from './auditRowStatement'
import { scopedEntryId } from './entryId'

/**
 * The two statements of a diary submission, in SQL: the 8 pm peak sends thousands of entries a
 * second, and through Prisma's query builder one entry cost 8–10 statements (the subject, the
 * retry check, the diary, its questionnaire, the study's thresholds, the baseline, then BEGIN,
 * three inserts and COMMIT), each a round trip and a pass of Prisma's query compiler (a retry's
 * JSON-path filter was compiled anew for every submission id). Here one read brings everything
 * the entry is judged by — or, for a retry, the entry as first recorded — and one write records
 * it: a single statement, so atomic without BEGIN/COMMIT. What the entry means stays in
 * TypeScript (submission/).
 */

/** What a submission is judged by, read at once. */
export interface SubmissionContext {
  /** The subject registry's row for the access check; null when this context does not know the patient. */
  subject: SubjectScope | null
  /**
   * The entry already recorded for this patient under this submission id (the request is a retry),
   * with its events' payloads in order.
   */
  recorded: { submission: EproSubmission; events: AlertDetectedPayload[] } | null
  /**
   * The id a new entry is stored under: the client's submission id, or — when another patient's
   * entry already has that id — one derived from the patient and the submission id (entryId.ts).
   */
  entryId: string
  /** The patient's latest diary activation, null when there is none. */
  diary: DiaryActivation | null
  /** The study's safety thresholds (the defaults when it has set none). */
  thresholds: SafetyThresholds
  /** The patient's entries in the diary's baseline window (the first thresholds.baselineDays days). */
  baselineEntries: { painScore: number; entryDate: string }[]
}

export interface DiaryActivation {
  questionnaireId: string
  studyId: string
  siteId: string
  /** Diary days, YYYY-MM-DD. */
  startDate: string
  endDate: string | null
  timeZone: string
  schedule: WindowSchedule
}

/** An epro_submission row as JSON: the diary day as YYYY-MM-DD, instants in ISO 8601. */
interface StoredEntry extends Omit<EproSubmission, 'entryDate' | 'deviceTimestamp' | 'serverTimestamp'> {
  entryDate: string
  deviceTimestamp: string
  serverTimestamp: string
}

interface ContextRow {
  subject: { studyId: string; siteId: string } | null
  idTakenElsewhere: boolean
  recorded: StoredEntry | null
  events: AlertDetectedPayload[] | null
  diary: DiaryActivation | null
  thresholds: SafetyThresholds | null
  baselineEntries: { painScore: number; entryDate: string }[]
}

/**
 * One statement: the subject, the entry under this id and its outbox events (read only when the
 * entry exists), the patient's latest diary with its questionnaire, the study's rule set and the
 * baseline entries, each as JSON in the shape the rules take (diary days as YYYY-MM-DD text).
 */
export async function readSubmissionContext(
  prisma: EproPrisma,
  submissionId: string,
  patientId: string,
): Promise<SubmissionContext> {
  // Submission ids are the patient's idempotency keys: one already used for another patient's
  // entry is neither an error nor a hint that it exists (entryId.ts).
  const scopedId = scopedEntryId(patientId, submissionId)
  const [row] = await prisma.$queryRaw<ContextRow[]>`
    SELECT
      (SELECT json_build_object('studyId', study_id, 'siteId', site_id) FROM subject WHERE patient_id = ${patientId}::uuid) AS subject,
      x.entry AS recorded, x.events,
      EXISTS (SELECT 1 FROM epro_submission WHERE id = ${submissionId}::uuid AND patient_id <> ${patientId}::uuid) AS "idTakenElsewhere",
      CASE WHEN e.id IS NOT NULL THEN json_build_object(
        'questionnaireId', e.questionnaire_id, 'studyId', e.study_id, 'siteId', e.site_id, 'timeZone', e.time_zone,
        'startDate', to_char(e.start_date, 'YYYY-MM-DD'), 'endDate', to_char(e.end_date, 'YYYY-MM-DD'),
        'schedule', json_build_object('opensMinute', q.window_opens_minute, 'closesMinute', q.window_closes_minute, 'lateGraceHours', q.late_grace_hours)
      ) END AS diary,
      CASE WHEN r.study_id IS NOT NULL THEN json_build_object(
        'painAbsolute', r.pain_absolute, 'painRiseOverBaseline', r.pain_rise_over_baseline, 'seriousGrade', r.serious_grade,
        'baselineDays', r.baseline_days, 'minBaselineEntries', r.min_baseline_entries
      ) END AS thresholds,
      b.entries AS "baselineEntries"
    FROM (SELECT 1) AS one
    LEFT JOIN LATERAL (
      SELECT json_build_object(
          'id', s.id, 'patientId', s.patient_id, 'questionnaireId', s.questionnaire_id, 'entryDate', to_char(s.entry_date, 'YYYY-MM-DD'), 'painScore', s.pain_score,
          'symptoms', s.symptoms, 'deviceTimestamp', s.device_timestamp, 'serverTimestamp', s.server_timestamp, 'late', s.late
        ) AS entry,
        (SELECT json_agg(o.payload ORDER BY o.sequence) FROM outbox_event o WHERE o.payload->>'submissionId' = s.id::text) AS events
      FROM epro_submission s
      WHERE s.id IN (${submissionId}::uuid, ${scopedId}::uuid) AND s.patient_id = ${patientId}::uuid
      ORDER BY s.id = ${submissionId}::uuid DESC LIMIT 1
    ) x ON true
    LEFT JOIN LATERAL (SELECT * FROM diary_enrollment WHERE patient_id = ${patientId}::uuid ORDER BY start_date DESC LIMIT 1) e ON true
    LEFT JOIN questionnaire q ON q.id = e.questionnaire_id
    LEFT JOIN safety_rule_set r ON r.study_id = e.study_id
    LEFT JOIN LATERAL (
      SELECT coalesce(json_agg(json_build_object('painScore', pain_score, 'entryDate', to_char(entry_date, 'YYYY-MM-DD'))), '[]') AS entries
      FROM epro_submission
      WHERE patient_id = ${patientId}::uuid AND questionnaire_id = e.questionnaire_id
        AND entry_date >= e.start_date AND entry_date < e.start_date + coalesce(r.baseline_days, ${DEFAULT_THRESHOLDS.baselineDays}::int)
    ) b ON true`
  if (!row) throw new Error('The submission context query returned no row.')
  return {
    subject: row.subject && { patientId, ...row.subject },
    recorded: row.recorded && { submission: storedEntry(row.recorded), events: row.events ?? [] },
    entryId: row.idTakenElsewhere ? scopedId : submissionId,
    diary: row.diary,
    thresholds: row.thresholds ?? DEFAULT_THRESHOLDS,
    baselineEntries: row.baselineEntries,
  }
}

/** The row as Prisma returns it: dates as Date (the diary day at midnight UTC). */
function storedEntry({ entryDate, deviceTimestamp, serverTimestamp, ...rest }: StoredEntry): EproSubmission {
  return {
    ...rest,
    entryDate: new Date(`${entryDate}T00:00:00Z`),
    deviceTimestamp: new Date(deviceTimestamp),
    serverTimestamp: new Date(serverTimestamp),
  }
}

/** An outbox event as alertEvents builds it. */
export interface OutboxEventDraft {
  id: string
  topic: string
  key: string
  eventType: string
  payload: object
}

/**
 * One statement, so atomic on its own: the entry, its outbox events (in their order: the relay
 * publishes by sequence) and its audit row, or nothing. ON CONFLICT DO NOTHING covers both unique
 * keys — the submission id (a retry, or the same entry racing itself) and the diary day (one
 * entry per day) — and a concurrent insert of either waits for the other to commit or roll back,
 * as a unique violation would. Returns false when the entry was not inserted: nothing was written.
 * The events occur when the entry was received (its server timestamp).
 */
export async function insertSubmission(
  prisma: EproPrisma,
  entry: EproSubmission,
  events: OutboxEventDraft[],
  trace: TraceCarrier | null,
  audit: AuditEventInput,
): Promise<boolean> {
  const [row] = await prisma.$queryRaw<{ inserted: boolean }[]>`
    WITH submission AS (
      INSERT INTO epro_submission (id, patient_id, questionnaire_id, entry_date, pain_score, symptoms, device_timestamp, server_timestamp, late)
      VALUES (${entry.id}::uuid, ${entry.patientId}::uuid, ${entry.questionnaireId}::uuid, ${entry.entryDate.toISOString().slice(0, 10)}::date, ${entry.painScore}::int,
        ${jsonParameter(entry.symptoms)}::jsonb, ${entry.deviceTimestamp.toISOString()}::timestamptz, ${entry.serverTimestamp.toISOString()}::timestamptz, ${entry.late}::boolean)
      ON CONFLICT DO NOTHING
      RETURNING id
    ), outbox AS (
      INSERT INTO outbox_event (id, topic, key, event_type, payload, occurred_at, trace_context)
      SELECT (e->>'id')::uuid, e->>'topic', e->>'key', e->>'eventType', e->'payload', ${entry.serverTimestamp.toISOString()}::timestamptz, ${jsonParameter(trace)}::jsonb
      FROM submission, jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS drafts(e, n)
      ORDER BY n
    ), audit AS (
      ${insertAuditRow(audit, 'submission')}
    )
    SELECT EXISTS (SELECT 1 FROM submission) AS inserted`
  return row?.inserted === true
}
