// First: tracing instrumentations patch http/graphql as they load.
import '../platform/telemetry/instrumentations'
import { loadGatewayConfig } from './config'
import { startGateway } from './server'
import { createLogger } from '../platform/logging/logger'
import { runUntilSignalled } from '../platform/shutdown/processLifecycle'
import { startTraced } from '../platform/telemetry/tracing'

// Standalone gateway process: configuration from the environment.
const logger = createLogger('gateway')
const config = loadGatewayConfig()
runUntilSignalled('gateway', logger, config.shutdown, () => startTraced('gateway', () => startGateway(config, logger)))
