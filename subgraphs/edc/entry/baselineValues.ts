import type { FormData, Prisma } from '../generated/prisma/client'
import type { FormDefinition, FormValues } from '../definitions/formDefinition'
import { toFormValues } from '../forms/formValues'

type Reader = Pick<Prisma.TransactionClient, 'studyEvent' | 'formData' | 'itemData'>

/**
 * The same form's values at the patient's baseline visit, for checks across visits (weight change
 * since baseline); null when the form has no such check, is the baseline itself, or the baseline
 * has no data. A few statements, only for forms that have such a check.
 */
export async function baselineValues(
  tx: Reader,
  form: FormData,
  definition: FormDefinition,
): Promise<FormValues | null> {
  if (!definition.checks.some((c) => c.kind === 'CHANGE_FROM_BASELINE')) return null
  const baseline = await tx.formData.findFirst({
    where: {
      patientId: form.patientId,
      formOid: form.formOid,
      id: { not: form.id },
      visitId: {
        in: (
          await tx.studyEvent.findMany({
            where: { patientId: form.patientId, visitType: 'BASELINE' },
            select: { visitId: true },
          })
        ).map((e) => e.visitId),
      },
    },
    include: { items: true },
  })
  if (!baseline || baseline.items.length === 0) return null
  return toFormValues(baseline.items.map((i) => ({ group: i.groupOid, row: i.row, item: i.itemOid, value: i.value })))
}
