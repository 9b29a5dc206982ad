import type { CasebookResolvers, PatientResolvers, VisitResolvers } from '../generated/graphql'
import type { EdcContext } from '../context'
import { mayReadCaseReportForms } from '../../../access-policy/dataCapturePolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { definitionDocument } from '../forms/definitionDocument'
import { formFacts } from '../forms/formFacts'
import { casebookStatus } from '../lifecycle/formStatus'
import { effectiveLock } from '../lifecycle/lockLevels'
import { formLock } from './form'
import { formsOverdue } from '../forms/formsOverdue'
import { casebookSignature, coveringSignature } from '../signatures/coveringSignature'

/** A visit's forms, in the order of its event definition; FORBIDDEN for callers without access. */
async function visitForms(visitId: string, { loaders, identity }: EdcContext) {
  const event = await loaders.studyEventById.load(visitId)
  // A visit this context has not heard of yet has no forms here (and nothing to protect).
  if (!event) return []
  const subject = await loaders.subjectById.load(event.patientId)
  if (!subject || !mayReadCaseReportForms(identity, subject)) throw forbidden('visit', visitId)
  return [...(await loaders.formDataByVisit.load(visitId))].sort((a, b) => a.ordinal - b.ordinal)
}

const sum = (values: readonly (number | Error)[]) =>
  values.reduce<number>((n, v) => n + (v instanceof Error ? 0 : v), 0)

export const Visit: VisitResolvers = {
  forms: (visit, _args, context) => visitForms(visit.id, context),
  openQueryCount: async (visit, _args, context) => {
    const forms = await visitForms(visit.id, context)
    return sum(await context.loaders.openQueryCountByForm.loadMany(forms.map((f) => f.id)))
  },
}

export const Patient: PatientResolvers = {
  casebook: async (patient, _args, { loaders, identity }) => {
    const subject = await loaders.subjectById.load(patient.id)
    if (!subject) return null
    if (!mayReadCaseReportForms(identity, subject)) throw forbidden('patient', patient.id)
    const rows = (await loaders.locksByTarget.loadMany([patient.id, subject.studyId])).flatMap((r) =>
      r instanceof Error ? [] : r,
    )
    return {
      patientId: patient.id,
      forms: await loaders.formDataByPatient.load(patient.id),
      lock: effectiveLock(rows.map((r) => r.state)),
    }
  },
}

export const Casebook: CasebookResolvers = {
  status: async (casebook, _args, context) => {
    const { loaders } = context
    const facts = await Promise.all(
      casebook.forms.map(async (form) => {
        const [definition, items, lock, signatures] = await Promise.all([
          loaders.definitionById.load(form.definitionId),
          loaders.itemsByForm.load(form.id),
          formLock(form, context),
          loaders.signaturesByPatient.load(form.patientId),
        ])
        return formFacts(form, definitionDocument(definition!), items, lock, coveringSignature(form, signatures))
      }),
    )
    const signatures = await loaders.signaturesByPatient.load(casebook.patientId)
    return casebookStatus(
      { forms: facts, signature: casebookSignature(casebook.patientId, signatures), lock: casebook.lock },
      false,
    )
  },
  signatures: (casebook, _args, { loaders }) => loaders.signaturesByPatient.load(casebook.patientId),
  openQueryCount: async (casebook, _args, { loaders }) =>
    sum(await loaders.openQueryCountByForm.loadMany(casebook.forms.map((f) => f.id))),
  formsComplete: (casebook) => casebook.forms.filter((f) => f.status === 'COMPLETE').length,
  formsInProgress: (casebook) => casebook.forms.filter((f) => f.status === 'IN_PROGRESS').length,
  formsOverdue: async (casebook, _args, { loaders }) => {
    const visits = await loaders.studyEventsByPatient.load(casebook.patientId)
    return formsOverdue(casebook.forms, visits, new Date())
  },
  lock: (casebook) => casebook.lock,
}
