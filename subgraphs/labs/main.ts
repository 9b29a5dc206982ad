// First: tracing instrumentations patch http/pg/graphql as they load.
import '../../server-kit/telemetry/instrumentations'
import { loadSubgraphConfig } from '../../server-kit/config'
import { runSubgraphProcess } from '../../server-kit/runSubgraphProcess'
import { labsSubgraph } from './subgraph'

// Standalone process entry (docker-compose, production): configuration from the environment.
runSubgraphProcess(labsSubgraph, loadSubgraphConfig('labs'))
