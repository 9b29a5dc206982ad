import type { PatientResolvers } from '../generated/graphql'
import type { PatientLabQuery } from '../data/models'
import { isUuid } from '../../../platform/ids'
import { pageSize } from '../../../platform/pagination'
import { parseLoincCode } from '../data/loincCode'

export const MAX_LAB_RESULTS = 500
export const MAX_LATEST_ABNORMAL = 100

export const Patient: PatientResolvers = {
  // Patients belong to the patients subgraph; this one only adds their lab results, so a reference
  // is all it needs — once the caller's access to that subject is established (else FORBIDDEN).
  // A malformed id is no patient.
  __resolveReference: async (ref, { subjects }) => {
    if (!isUuid(ref.id)) return null
    const id = ref.id.toLowerCase()
    await subjects.require(id)
    return { id }
  },
  labResults: (patient, args, { loaders }) =>
    loaders.patientLabResults.load(
      labQuery(patient.id, {
        first: pageSize(args.first, { fallback: 50, max: MAX_LAB_RESULTS }),
        abnormalOnly: args.abnormalOnly ?? false,
        loincCode: args.loincCode == null ? null : parseLoincCode(args.loincCode),
      }),
    ),
  // The same loader as an abnormal-only list without a code filter, so both fields share one statement.
  latestAbnormalLabResults: (patient, args, { loaders }) =>
    loaders.patientLabResults.load(
      labQuery(patient.id, {
        first: pageSize(args.first, { fallback: 5, max: MAX_LATEST_ABNORMAL }),
        abnormalOnly: true,
        loincCode: null,
      }),
    ),
  abnormalLabCount: (patient, _args, { loaders }) => loaders.abnormalLabCount.load(patient.id),
}

// Built in one place so equal arguments always serialise to the same loader cache key.
function labQuery(
  patientId: string,
  { first, abnormalOnly, loincCode }: Omit<PatientLabQuery, 'patientId'>,
): PatientLabQuery {
  return { patientId, first, abnormalOnly, loincCode }
}
