import type { PatientResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { pageSize } from '../../../platform/pagination'

export const MAX_SUBMISSIONS = 500

export const Patient: PatientResolvers = {
  // Patients belong to the patients subgraph; this one only adds their diary, so a reference is
  // all it needs — once the caller's access to that subject is established (else FORBIDDEN).
  // A subject without a diary has no entries; a malformed id is no patient.
  __resolveReference: async (ref, { subjects }) => {
    if (!isUuid(ref.id)) return null
    const id = ref.id.toLowerCase()
    await subjects.require(id)
    return { id }
  },
  eproSubmissions: (patient, args, { loaders }) =>
    loaders.submissionsByPatient.load({
      patientId: patient.id,
      first: pageSize(args.first, { fallback: 30, max: MAX_SUBMISSIONS }),
    }),
  latestEproSubmission: (patient, _args, { loaders }) => loaders.latestSubmissionByPatient.load(patient.id),
  eproCompliance: (patient, _args, { loaders }) => loaders.complianceByPatient.load(patient.id),
}
