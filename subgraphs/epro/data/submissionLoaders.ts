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
 * of the request at once: a window-function statement picks the ids, one findMany reads the rows —
 * two statements per batch however many patients and page sizes there are.
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

  // One statement pair per batch whatever page sizes its queries ask for: the largest is read and
  // each query gets its first `first` rows (the order is the same for all). The latest entry is a
  // page of one, so the full view's diary and latest entry share their statements.
  const submissionsByPatient = new DataLoader<PatientSubmissionsQuery, EproSubmission[], string>(
    async (queries) => {
      const patientIds = [...new Set(queries.map((q) => q.patientId))]
      const first = Math.max(...queries.map((q) => q.first))
      const picked = await prisma.$queryRaw<{ id: string }[]>`
        SELECT id::text AS id FROM (
          SELECT id, ROW_NUMBER() OVER (PARTITION BY patient_id ORDER BY device_timestamp DESC, id DESC) AS rank
          FROM epro_submission
          WHERE patient_id = ANY(${patientIds}::uuid[])
        ) ranked
        WHERE rank <= ${first}`
      const rows = groupByKey(patientIds, await readRows(picked.map((r) => r.id)), (s) => s.patientId)
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
