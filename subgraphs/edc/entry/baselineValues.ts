import type { FormData, Prisma } from '../generated/prisma/client'
import type { FormDefinition, FormValues } from '../definitions/formDefinition'
import { toFormValues } from '../forms/formValues'

type Reader = Pick<Prisma.TransactionClient, '$queryRaw'>

/**
 * The same form's values at the patient's baseline visit, for checks across visits (weight change
 * since baseline); null when the form has no such check, is the baseline itself, or the baseline
 * has no data. One statement, only for forms that have such a check.
 */
export async function baselineValues(
  tx: Reader,
  form: FormData,
  definition: FormDefinition,
): Promise<FormValues | null> {
  if (!definition.checks.some((c) => c.kind === 'CHANGE_FROM_BASELINE')) return null
  // One statement: the values of the form at the patient's (first) baseline visit.
  const items = await tx.$queryRaw<{ group_oid: string; row: number; item_oid: string; value: string | null }[]>`
    SELECT i.group_oid, i.row, i.item_oid, i.value
      FROM item_data i
     WHERE i.form_data_id = (
       SELECT f.id FROM form_data f JOIN study_event e ON e.visit_id = f.visit_id
        WHERE f.patient_id = ${form.patientId}::uuid AND f.form_oid = ${form.formOid} AND f.id <> ${form.id}::uuid
          AND e.visit_type = 'BASELINE'
        ORDER BY e.visit_date NULLS LAST, f.id
        LIMIT 1)`
  if (items.length === 0) return null
  return toFormValues(items.map((i) => ({ group: i.group_oid, row: i.row, item: i.item_oid, value: i.value })))
}
