import type { PatientResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'
import { pageSize } from '../../../server-kit/pagination'

export const MAX_SUBMISSIONS = 500

export const Patient: PatientResolvers = {
  // Patients belong to the patients subgraph; this one only adds their diary, so any well-formed
  // id is a reference (a subject without a diary has no entries). A malformed id is no patient.
  __resolveReference: (ref) => (isUuid(ref.id) ? { id: ref.id.toLowerCase() } : null),
  eproSubmissions: (patient, args, { loaders }) =>
    loaders.submissionsByPatient.load({ patientId: patient.id, first: pageSize(args.first, { fallback: 30, max: MAX_SUBMISSIONS }) }),
  latestEproSubmission: (patient, _args, { loaders }) => loaders.latestSubmissionByPatient.load(patient.id),
  eproCompliance: (patient, _args, { loaders }) => loaders.complianceByPatient.load(patient.id),
}
