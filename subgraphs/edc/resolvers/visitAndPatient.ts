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
  // The forms first: they name their patient, whose registry entry decides access (one statement
  // fewer than finding the visit's patient first). A visit without forms here has nothing to protect.
  const forms = await loaders.formDataByVisit.load(visitId)
  if (forms.length === 0) return []
  const subject = await loaders.subjectById.load(forms[0]!.patientId)
  if (!subject || !mayReadCaseReportForms(identity, subject)) throw forbidden('visit', visitId)
  return [...forms].sort((a, b) => a.ordinal - b.ordinal)
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
    const forms = await loaders.formDataByPatient.load(patient.id)
    // Every lock over the casebook in one batch: the patient and study rows decide the casebook's
    // lock, the form and visit rows each form's (Form.status, Casebook.status read them from here).
    const targets = new Set([patient.id, subject.studyId, ...forms.flatMap((f) => [f.id, f.visitId])])
    const rows = (await loaders.locksByTarget.loadMany([...targets])).flatMap((r) => (r instanceof Error ? [] : r))
    return {
      patientId: patient.id,
      forms,
      lock: effectiveLock(
        rows.filter((r) => r.targetId === patient.id || r.targetId === subject.studyId).map((r) => r.state),
      ),
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
