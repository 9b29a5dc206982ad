import DataLoader from 'dataloader'
import type { EproSubmission } from '../generated/prisma/client'
import type { EproPrisma } from './prismaClient'
import { byKey, groupByKey, jsonCacheKey } from '../../../platform/loaders/batching'

export interface PatientSubmissionsQuery {
  patientId: string
  first: number
}

/**
 * Per-request loaders for diary submissions. "Latest N per patient" is answered for every patient
 * of the request at once: one window-function statement per batch however many patients and page
 * sizes there are.
 */
export function createSubmissionLoaders(prisma: EproPrisma) {
  const submissionById = new DataLoader<string, EproSubmission | null>(async (ids) =>
    byKey(ids, await prisma.eproSubmission.findMany({ where: { id: { in: [...ids] } } }), (s) => s.id),
  )

  // One statement per batch whatever page sizes its queries ask for: the largest is read and each
  // query gets its first `first` rows. The order is newest first by the device clock (when the
  // patient filled the diary in), id breaking ties so it is stable, the same for every query. The
  // latest entry is a page of one, so the full view's diary and latest entry share it. Sent past
  // Prisma's query API (directReads.ts): it runs in every full view.
  const submissionsByPatient = new DataLoader<PatientSubmissionsQuery, EproSubmission[], string>(
    async (queries) => {
      const patientIds = [...new Set(queries.map((q) => q.patientId))]
      const first = Math.max(...queries.map((q) => q.first))
      const found = await prisma.direct.rows<EproSubmission>(
        `SELECT id, patient_id AS "patientId", questionnaire_id AS "questionnaireId", entry_date AS "entryDate",
                pain_score AS "painScore", symptoms, device_timestamp AS "deviceTimestamp",
                server_timestamp AS "serverTimestamp", late
         FROM (
           SELECT s.*, ROW_NUMBER() OVER (PARTITION BY patient_id ORDER BY device_timestamp DESC, id DESC) AS rank
           FROM epro_submission s
           WHERE patient_id = ANY($1::uuid[])
         ) ranked
         WHERE rank <= $2
         ORDER BY device_timestamp DESC, id DESC`,
        [patientIds, first],
      )
      for (const row of found) submissionById.prime(row.id, row)
      const rows = groupByKey(patientIds, found, (s) => s.patientId)
      const byPatient = new Map(patientIds.map((id, i) => [id, rows[i]!]))
      return queries.map((q) => byPatient.get(q.patientId)!.slice(0, q.first))
    },
    { cacheKeyFn: jsonCacheKey },
  )

  const latestSubmissionByPatient = {
    load: async (patientId: string): Promise<EproSubmission | null> =>
      (await submissionsByPatient.load({ patientId, first: 1 }))[0] ?? null,
  }

  return { submissionById, submissionsByPatient, latestSubmissionByPatient }
}
