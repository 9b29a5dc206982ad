import type { Prisma } from '../generated/prisma/client'
import { InventoryErrorCodes } from '../errorCodes'

/** Why an allocation was refused: codes of the registry, none naming an arm. */
export type RefusalCode =
  | typeof InventoryErrorCodes.NO_KIT_AVAILABLE.code
  | typeof InventoryErrorCodes.RANDOMIZATION_UNAVAILABLE.code
  | typeof InventoryErrorCodes.SAGA_CANCELLED.code

/** What the saga learns of an allocation (the reply's payload): never the arm. */
export type AllocationOutcome =
  | { status: 'ALLOCATED'; kitNumber: string; randomizationNumber: string; kitExpiresOn: Date }
  | { status: 'REFUSED'; code: RefusalCode }
  | { status: 'RELEASED' }

/** The outcome already recorded for a saga, if any: what a repeated command is answered with. */
export async function storedOutcome(tx: Prisma.TransactionClient, sagaId: string): Promise<AllocationOutcome | null> {
  const request = await tx.allocationRequest.findUnique({ where: { sagaId } })
  if (!request) return null
  switch (request.status) {
    case 'ALLOCATED': {
      const kit = await tx.kit.findUniqueOrThrow({ where: { id: request.kitId! } })
      const entry = await tx.randomizationEntry.findUniqueOrThrow({ where: { id: request.entryId! } })
      return {
        status: 'ALLOCATED',
        kitNumber: kit.kitNumber,
        randomizationNumber: entry.randomizationNumber,
        kitExpiresOn: kit.expiresOn,
      }
    }
    case 'REFUSED':
      return { status: 'REFUSED', code: request.refusalCode as RefusalCode }
    case 'CANCELLED':
      return { status: 'REFUSED', code: InventoryErrorCodes.SAGA_CANCELLED.code }
    case 'RELEASED':
      return { status: 'RELEASED' }
  }
}
