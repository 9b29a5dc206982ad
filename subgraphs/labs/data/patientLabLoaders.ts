import DataLoader from 'dataloader'
import type { LabResult } from '../generated/prisma/client'
import type { LabsPrisma } from './prismaClient'
import type { PatientLabQuery } from './models'
import { groupByKey, jsonCacheKey } from '../../../platform/loaders/batching'

type RankedLabResult = LabResult & { ord: bigint }

/**
 * Per-request loaders for the lab fields the labs context adds to Patient. Whatever the number of
 * patients in a request, each loader batch is one SQL statement, sent past Prisma's query API
 * (directReads.ts): these two run in every full view.
 */
export function createPatientLabLoaders(prisma: LabsPrisma, labResultById: DataLoader<string, LabResult | null>) {
  // Newest-first result lists. Every requested (patient, first, abnormalOnly, loincCode)
  // combination is one row of an unnest(...) key table, and ROW_NUMBER() partitioned by that key
  // keeps its first N rows, so patients asking with different arguments (or aliased fields) still
  // share one statement. Ties on collected_at are broken by id for a stable order.
  const labResults = new DataLoader<PatientLabQuery, LabResult[], string>(
    async (queries) => {
      const rows = await prisma.direct.rows<RankedLabResult>(
        `WITH wanted AS (
          SELECT * FROM unnest($1::uuid[], $2::int[], $3::boolean[], $4::text[]) -- '' = any code (no LOINC code is empty)
            WITH ORDINALITY AS w(patient_id, row_limit, abnormal_only, loinc_code, ord)
        ),
        ranked AS (
          SELECT w.ord, w.row_limit, r.*,
                 ROW_NUMBER() OVER (PARTITION BY w.ord ORDER BY r.collected_at DESC, r.id) AS position
          FROM wanted w
          JOIN lab_result r ON r.patient_id = w.patient_id
            AND (NOT w.abnormal_only OR r.abnormal_flag <> 'N')
            AND (w.loinc_code = '' OR r.loinc_code = w.loinc_code)
        )
        SELECT ord, id, patient_id AS "patientId", accession_number AS "accessionNumber", loinc_code AS "loincCode",
               test_name AS "testName", value, value_text AS "valueText", unit, reference_low AS "referenceLow",
               reference_high AS "referenceHigh", abnormal_flag::text AS "abnormalFlag", collected_at AS "collectedAt",
               resulted_at AS "resultedAt", created_at AS "createdAt"
        FROM ranked
        WHERE position <= row_limit
        ORDER BY ord, position`,
        [
          queries.map((q) => q.patientId),
          queries.map((q) => q.first),
          queries.map((q) => q.abnormalOnly),
          queries.map((q) => q.loincCode ?? ''),
        ],
      )
      const ranked = rows.map(({ ord, ...result }) => ({ ord: Number(ord), result }))
      for (const { result } of ranked) labResultById.prime(result.id, result)
      return groupByKey(
        queries.map((_, i) => i + 1),
        ranked,
        (row) => row.ord,
      ).map((group) => group.map((row) => row.result))
    },
    { cacheKeyFn: jsonCacheKey },
  )

  // Abnormal = any HL7 0078 flag other than N; one GROUP BY for all patients, 0 when none.
  const abnormalLabCount = new DataLoader<string, number>(async (patientIds) => {
    const counts = await prisma.direct.rows<{ patientId: string; count: number }>(
      `SELECT patient_id AS "patientId", count(*)::int AS count FROM lab_result
       WHERE patient_id = ANY($1::uuid[]) AND abnormal_flag <> 'N' GROUP BY patient_id`,
      [patientIds],
    )
    const countByPatient = new Map(counts.map((row) => [row.patientId, row.count]))
    return patientIds.map((id) => countByPatient.get(id) ?? 0)
  })

  return { patientLabResults: labResults, abnormalLabCount }
}
