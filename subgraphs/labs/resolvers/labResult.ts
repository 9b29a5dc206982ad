import type { LabResultResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { referenceRangeText } from '../data/referenceRangeText'
import { visibleLabResult } from './queryLabResult'

export const LabResult: LabResultResolvers = {
  // Entity lookups from other subgraphs' plans; a malformed key resolves to null, a result of a
  // subject the caller may not see (or none) to null with FORBIDDEN.
  __resolveReference: async (ref, context) => (isUuid(ref.id) ? visibleLabResult(ref.id.toLowerCase(), context) : null),
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
