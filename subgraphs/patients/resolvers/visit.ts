import type { VisitResolvers } from '../generated/graphql'
import { forbidden } from '../../../access-policy/forbidden'
import { isUuid } from '../../../platform/ids'
import { visiblePatient } from './queryPatient'

export const Visit: VisitResolvers = {
  // Entity lookups from other subgraphs' plans (a visit is an entity so the EDC can add its forms):
  // a visit is seen by whoever may see its patient; otherwise null with FORBIDDEN, as for patients.
  __resolveReference: async (ref, { loaders, identity }) => {
    if (!isUuid(ref.id)) return null
    const visit = await loaders.visitById.load(ref.id.toLowerCase())
    if (!visit) throw forbidden('visit', ref.id)
    visiblePatient(await loaders.patientById.load(visit.patientId), identity, ref.id)
    return visit
  },
}
