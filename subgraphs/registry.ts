import type { PrismaLike, RequestScope, SubgraphModule } from '../subgraph-runtime/subgraphModule'
import type { SubgraphName } from '../subgraph-runtime/config'
import { usersSubgraph } from './users/subgraph'
import { studiesSubgraph } from './studies/subgraph'
import { patientsSubgraph } from './patients/subgraph'
import { eproSubgraph } from './epro/subgraph'
import { labsSubgraph } from './labs/subgraph'
import { edcSubgraph } from './edc/subgraph'
import { inventorySubgraph } from './inventory/subgraph'
import { exportsSubgraph } from './exports/subgraph'

type AnySubgraphModule = SubgraphModule<PrismaLike, RequestScope>

/**
 * All subgraph modules by name, for tools that handle every context in turn (the seed script,
 * in-process statement-count tests). Subgraphs themselves never import this file or each other.
 */
export const subgraphModules: Record<SubgraphName, AnySubgraphModule> = {
  users: usersSubgraph as unknown as AnySubgraphModule,
  studies: studiesSubgraph as unknown as AnySubgraphModule,
  patients: patientsSubgraph as unknown as AnySubgraphModule,
  epro: eproSubgraph as unknown as AnySubgraphModule,
  labs: labsSubgraph as unknown as AnySubgraphModule,
  edc: edcSubgraph as unknown as AnySubgraphModule,
  inventory: inventorySubgraph as unknown as AnySubgraphModule,
  exports: exportsSubgraph as unknown as AnySubgraphModule,
}
