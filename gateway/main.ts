import { loadGatewayConfig } from './config'
import { startGateway } from './server'
import { createLogger } from '../server-kit/logger'
import { runUntilSignalled } from '../server-kit/processLifecycle'

// Standalone gateway process: configuration from the environment.
const logger = createLogger('gateway')
const config = loadGatewayConfig()
runUntilSignalled('gateway', logger, config.shutdown, () => startGateway(config, logger))
