// First: tracing instrumentations patch http/graphql as they load.
import '../server-kit/telemetry/instrumentations'
import { loadGatewayConfig } from './config'
import { startGateway } from './server'
import { createLogger } from '../server-kit/logger'
import { runUntilSignalled } from '../server-kit/processLifecycle'
import { startTraced } from '../server-kit/telemetry/tracing'

// Standalone gateway process: configuration from the environment.
const logger = createLogger('gateway')
const config = loadGatewayConfig()
runUntilSignalled('gateway', logger, config.shutdown, () => startTraced('gateway', () => startGateway(config, logger)))
