import type { InventoryCommand } from '../../../contracts/enrollmentSaga'
import type { Logger } from '../../../platform/logging/logger'
import type { BusMessage } from '../../../subgraph-runtime/events/eventBus'
import { crashIfAt, type CrashPoint } from '../../../subgraph-runtime/faultInjection'
import type { InventoryPrisma } from '../data/prismaClient'
import { randomizeAndAllocate } from './randomizeAndAllocate'
import { releaseAllocation } from './releaseAllocation'

/** Consumer group of the allocation commands (every inventory instance shares it). */
export const ALLOCATION_COMMANDS_GROUP = 'inventory-allocation'

/**
 * The pivot's participant: the saga's allocation commands, each handled by the idempotent data
 * functions, whose transaction also writes the reply to the outbox (ids naming the saga). A
 * redelivered command finds its outcome stored and changes nothing, so no inbox row is needed.
 * The log names the outcome's status and kit number, never an arm. `crashPoint` (tests only) kills
 * the process between the allocation's commit and the reply's publication (docs/events.md).
 */
export function allocationCommandHandler(prisma: InventoryPrisma, logger: Logger, crashPoint?: CrashPoint) {
  return async (message: BusMessage): Promise<void> => {
    const command = { ...(message.payload as InventoryCommand), type: message.type } as InventoryCommand
    if (command.type === 'RandomizeAndAllocateKit') {
      const outcome = await randomizeAndAllocate(prisma, command)
      crashIfAt(crashPoint, 'inventory.allocation.afterCommit')
      logger.info(
        { sagaId: command.sagaId, status: outcome.status, ...('code' in outcome && { code: outcome.code }) },
        'enrollment allocation command handled',
      )
    } else if (command.type === 'ReleaseKitAllocation') {
      await releaseAllocation(prisma, command, command.reasonCode)
      logger.info({ sagaId: command.sagaId }, 'enrollment allocation released')
    } else logger.warn({ eventId: message.id, type: message.type }, 'unknown allocation command dropped')
  }
}
