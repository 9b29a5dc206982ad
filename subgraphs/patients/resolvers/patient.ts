import type { PatientResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { visiblePatient } from './queryPatient'

export const Patient: PatientResolvers = {
  // Entity lookups from other subgraphs' plans; a malformed key resolves to null; a patient the
  // caller may not see (or that does not exist) to null with FORBIDDEN, as for the root fields.
  __resolveReference: async (ref, { loaders, identity }) => {
    if ('id' in ref && ref.id !== undefined)
      return isUuid(ref.id)
        ? visiblePatient(await loaders.patientById.load(ref.id.toLowerCase()), identity, ref.id)
        : null
    if ('subjectNumber' in ref && ref.subjectNumber !== undefined)
      return visiblePatient(await loaders.patientBySubjectNumber.load(ref.subjectNumber), identity, ref.subjectNumber)
    return null
  },
  site: (patient) => ({ id: patient.siteId }),
  study: (patient) => ({ id: patient.studyId }),
  demographics: (patient) => ({ yearOfBirth: patient.yearOfBirth, sex: patient.sex }),
  enrollingInvestigator: (patient) =>
    patient.enrollingInvestigatorId ? { id: patient.enrollingInvestigatorId } : null,
  assignedCrc: (patient) => (patient.assignedCrcId ? { id: patient.assignedCrcId } : null),
  visits: (patient, _args, { loaders }) => loaders.visitsByPatient.load(patient.id),
  eligibility: (patient) =>
    (patient.eligibility as { code: string; kind: 'INCLUSION' | 'EXCLUSION'; met: boolean }[] | null) ?? [],
  enrollment: (patient, _args, { loaders }) => loaders.latestEnrollmentByPatient.load(patient.id),
  nextVisit: async (patient, _args, { loaders }) => {
    const today = new Date().toISOString().slice(0, 10)
    const visits = await loaders.visitsByPatient.load(patient.id)
    return visits.find((v) => v.status === 'SCHEDULED' && v.scheduledDate.toISOString().slice(0, 10) >= today) ?? null
  },
}
