import type { LabResultResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'
import { referenceRangeText } from '../data/referenceRangeText'

export const LabResult: LabResultResolvers = {
  // Entity lookups from other subgraphs' plans; an unknown or malformed key resolves to null.
  __resolveReference: (ref, { loaders }) => (isUuid(ref.id) ? loaders.labResultById.load(ref.id.toLowerCase()) : null),
  patient: (result) => ({ id: result.patientId }),
  name: (result) => result.testName,
  referenceRange: (result) => ({
    low: result.referenceLow,
    high: result.referenceHigh,
    text: referenceRangeText(result.referenceLow, result.referenceHigh, result.unit),
  }),
  // HL7 v2 table 0078: every interpretation other than N (normal) is abnormal.
  abnormal: (result) => result.abnormalFlag !== 'N',
}
