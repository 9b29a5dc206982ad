// First: tracing instrumentations patch http/pg/graphql as they load.
import '../../platform/telemetry/instrumentations'
import { loadSubgraphConfig } from '../../subgraph-runtime/config'
import { runSubgraphProcess } from '../../subgraph-runtime/runSubgraphProcess'
import { exportsSubgraph } from './subgraph'

// Standalone process entry (docker-compose, production): configuration from the environment.
runSubgraphProcess(exportsSubgraph, loadSubgraphConfig('exports'))
