import DataLoader from 'dataloader'
import type { EproSubmission } from '../generated/prisma/client'
import type { EproPrisma } from './prismaClient'
import { byKey, groupByKey, jsonCacheKey } from '../../../platform/loaders/batching'

export interface PatientSubmissionsQuery {
  patientId: string
  first: number
}

// Newest first by the device clock (when the patient filled the diary in); id breaks ties so the
// order is stable. The same order is used by every statement below.
const NEWEST_FIRST = [{ deviceTimestamp: 'desc' }, { id: 'desc' }] as const

/**
 * Per-request loaders for diary submissions. "Latest N per patient" is answered for every patient
 * of the request at once: a window-function (or DISTINCT ON) statement picks the ids, one findMany
 * reads the rows — two statements per batch however many patients there are.
 */
export function createSubmissionLoaders(prisma: EproPrisma) {
  const submissionById = new DataLoader<string, EproSubmission | null>(async (ids) =>
    byKey(ids, await prisma.eproSubmission.findMany({ where: { id: { in: [...ids] } } }), (s) => s.id),
  )

  async function readRows(ids: string[]): Promise<EproSubmission[]> {
    if (ids.length === 0) return []
    const rows = await prisma.eproSubmission.findMany({ where: { id: { in: ids } }, orderBy: [...NEWEST_FIRST] })
    for (const row of rows) submissionById.prime(row.id, row)
    return rows
  }

  const submissionsByPatient = new DataLoader<PatientSubmissionsQuery, EproSubmission[], string>(
    async (queries) => {
      const results = new Map<string, EproSubmission[]>()
      // Patients asking for the same page size share one statement (usually all of them).
      for (const first of new Set(queries.map((q) => q.first))) {
        const patientIds = queries.filter((q) => q.first === first).map((q) => q.patientId)
        const picked = await prisma.$queryRaw<{ id: string }[]>`
          SELECT id::text AS id FROM (
            SELECT id, ROW_NUMBER() OVER (PARTITION BY patient_id ORDER BY device_timestamp DESC, id DESC) AS rank
            FROM epro_submission
            WHERE patient_id = ANY(${patientIds}::uuid[])
          ) ranked
          WHERE rank <= ${first}`
        const rows = await readRows(picked.map((r) => r.id))
        groupByKey(patientIds, rows, (s) => s.patientId).forEach((list, i) =>
          results.set(`${patientIds[i]}|${first}`, list),
        )
      }
      return queries.map((q) => results.get(`${q.patientId}|${q.first}`) ?? [])
    },
    { cacheKeyFn: jsonCacheKey },
  )

  const latestSubmissionByPatient = new DataLoader<string, EproSubmission | null>(async (patientIds) => {
    const picked = await prisma.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT ON (patient_id) id::text AS id
      FROM epro_submission
      WHERE patient_id = ANY(${[...patientIds]}::uuid[])
      ORDER BY patient_id, device_timestamp DESC, id DESC`
    return byKey(patientIds, await readRows(picked.map((r) => r.id)), (s) => s.patientId)
  })

  return { submissionById, submissionsByPatient, latestSubmissionByPatient }
}
