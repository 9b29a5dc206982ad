import DataLoader from 'dataloader'
import type { DiaryFrequency } from '../generated/prisma/enums'
import type { EproPrisma } from './prismaClient'
import type { EproComplianceModel } from './models'
import { computeCompliance } from './compliance'

interface EnrollmentCountsRow {
  patientId: string
  startDate: string
  endDate: string | null
  frequency: DiaryFrequency
  onTimeEntries: number
  lateEntries: number
}

const asDay = (isoDate: string) => new Date(`${isoDate}T00:00:00Z`)

/**
 * Diary compliance for every patient of a request in ONE statement: each subject's diary
 * enrollment joined with its questionnaire's schedule and the counts of that diary's entries
 * inside the measured period [start_date, min(end_date, asOf)]. A subject activated on more than
 * one diary is measured on the most recently started one. The arithmetic is in compliance.ts. Sent
 * past Prisma's query API (directReads.ts): it runs in every full view.
 */
export function createComplianceLoaders(prisma: EproPrisma, asOf: Date) {
  const asOfDay = asOf.toISOString().slice(0, 10)
  return {
    complianceByPatient: new DataLoader<string, EproComplianceModel | null>(async (patientIds) => {
      const rows = await prisma.direct.rows<EnrollmentCountsRow>(
        `SELECT DISTINCT ON (e.patient_id)
          e.patient_id::text AS "patientId",
          e.start_date::text AS "startDate",
          e.end_date::text AS "endDate",
          q.frequency::text AS "frequency",
          COUNT(DISTINCT s.entry_date) FILTER (WHERE NOT s.late)::int AS "onTimeEntries",
          COUNT(s.id) FILTER (WHERE s.late)::int AS "lateEntries"
        FROM diary_enrollment e
        JOIN questionnaire q ON q.id = e.questionnaire_id
        LEFT JOIN epro_submission s
          ON s.patient_id = e.patient_id
         AND s.questionnaire_id = e.questionnaire_id
         AND s.entry_date >= e.start_date
         AND s.entry_date <= LEAST(COALESCE(e.end_date, $2::date), $2::date)
        WHERE e.patient_id = ANY($1::uuid[])
        GROUP BY e.id, q.id
        ORDER BY e.patient_id, e.start_date DESC, e.id`,
        [patientIds, asOfDay],
      )
      const byPatient = new Map(rows.map((row) => [row.patientId, row]))
      return patientIds.map((id) => {
        const row = byPatient.get(id)
        if (!row) return null // no diary enrollment: no compliance to report
        const schedule = {
          startDate: asDay(row.startDate),
          endDate: row.endDate ? asDay(row.endDate) : null,
          frequency: row.frequency,
        }
        return computeCompliance(schedule, { onTimeEntries: row.onTimeEntries, lateEntries: row.lateEntries }, asOf)
      })
    }),
  }
}
