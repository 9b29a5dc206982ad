import type { Identity } from '../../../contracts/identity'
import type { FormData } from '../generated/prisma/client'
import type { EdcContext } from '../context'
import { forbidden } from '../../../access-policy/forbidden'
import { mayReadCaseReportForms } from '../../../access-policy/dataCapturePolicy'
import type { SubjectScope } from '../../../access-policy/accessPolicy'
import { parseId } from '../../../platform/ids'

type Decision = (identity: Identity | null, subject: SubjectScope) => boolean

export const subjectOf = (form: Pick<FormData, 'patientId' | 'studyId' | 'siteId'>): SubjectScope => ({
  patientId: form.patientId,
  studyId: form.studyId,
  siteId: form.siteId,
})

/**
 * A form the caller may act on (`decide`; default: may read it), else FORBIDDEN — the same answer
 * for a form of another site and one that does not exist, so nobody probes for ids.
 */
export async function requireForm(
  { loaders, identity }: EdcContext,
  id: string,
  decide: Decision = mayReadCaseReportForms,
  argumentName = 'formId',
): Promise<FormData> {
  const formId = parseId(id, argumentName)
  const form = await loaders.formDataById.load(formId)
  if (!form || !decide(identity, subjectOf(form))) throw forbidden('form', id)
  return form
}
