import type { PrismaLike, SubgraphModule } from '../server-kit/bootSubgraph'
import type { SubgraphName } from '../server-kit/config'
import { usersSubgraph } from './users/subgraph'
import { studiesSubgraph } from './studies/subgraph'
import { patientsSubgraph } from './patients/subgraph'
import { eproSubgraph } from './epro/subgraph'
import { labsSubgraph } from './labs/subgraph'

/**
 * All subgraph modules by name, for tools that handle every context in turn (the seed script,
 * in-process statement-count tests). Subgraphs themselves never import this file or each other.
 */
export const subgraphModules: Record<SubgraphName, SubgraphModule<PrismaLike, object>> = {
  users: usersSubgraph as unknown as SubgraphModule<PrismaLike, object>,
  studies: studiesSubgraph as unknown as SubgraphModule<PrismaLike, object>,
  patients: patientsSubgraph as unknown as SubgraphModule<PrismaLike, object>,
  epro: eproSubgraph as unknown as SubgraphModule<PrismaLike, object>,
  labs: labsSubgraph as unknown as SubgraphModule<PrismaLike, object>,
}
