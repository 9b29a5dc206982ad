import type { PatientResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'

export const Patient: PatientResolvers = {
  // Entity lookups from other subgraphs' plans; an unknown or malformed key resolves to null.
  __resolveReference: async (ref, { loaders }) => {
    if ('id' in ref && ref.id !== undefined) return isUuid(ref.id) ? loaders.patientById.load(ref.id.toLowerCase()) : null
    if ('subjectNumber' in ref && ref.subjectNumber !== undefined) return loaders.patientBySubjectNumber.load(ref.subjectNumber)
    return null
  },
  site: (patient) => ({ id: patient.siteId }),
  study: (patient) => ({ id: patient.studyId }),
  demographics: (patient) => ({ yearOfBirth: patient.yearOfBirth, sex: patient.sex }),
  enrollingInvestigator: (patient) => (patient.enrollingInvestigatorId ? { id: patient.enrollingInvestigatorId } : null),
  assignedCrc: (patient) => (patient.assignedCrcId ? { id: patient.assignedCrcId } : null),
  visits: (patient, _args, { loaders }) => loaders.visitsByPatient.load(patient.id),
  nextVisit: async (patient, _args, { loaders }) => {
    const today = new Date().toISOString().slice(0, 10)
    const visits = await loaders.visitsByPatient.load(patient.id)
    return visits.find((v) => v.status === 'SCHEDULED' && v.scheduledDate.toISOString().slice(0, 10) >= today) ?? null
  },
}
