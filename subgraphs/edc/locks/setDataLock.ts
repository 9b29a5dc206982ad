import crypto from 'node:crypto'
import type { LockLevel, LockState } from '../generated/prisma/client'
import type { EdcPrisma } from '../data/prismaClient'
import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { auditRow, type AuditActor } from '../../../subgraph-runtime/audit/auditTrail'
import { applyLockAction, type LockAction } from '../lifecycle/lockLevels'
import { holdStudyExclusive } from './effectiveLock'
import { EdcErrorCodes } from '../errorCodes'

/**
 * Freezes, locks, unfreezes or unlocks one target (a form, a visit, a casebook or a study). The
 * target's row is claimed on the state read, so of two concurrent actions the second is judged on
 * the first's result; each change is audited with its reason. Undoing needs a reason.
 */
export async function setDataLock(
  prisma: EdcPrisma,
  target: { level: LockLevel; targetId: string; studyId: string },
  request: { action: LockAction; reason: string | null },
  actor: AuditActor,
  at: Date,
): Promise<LockState> {
  return prisma.$transaction(async (tx) => {
    await holdStudyExclusive(tx, target.studyId)
    // One row per target, created NONE on first use; the upsert takes the row lock for the change.
    await tx.dataLock.upsert({
      where: { level_targetId: { level: target.level, targetId: target.targetId } },
      create: { id: crypto.randomUUID(), ...target, state: 'NONE', updatedAt: at, updatedBy: actor.userId },
      update: {},
    })
    const [row] = await tx.$queryRaw<{ id: string; state: LockState }[]>`
      SELECT id, state FROM data_lock WHERE level = ${target.level}::"LockLevel" AND target_id = ${target.targetId}::uuid FOR UPDATE`
    const result = applyLockAction(row!.state, request.action, 'DATA_MANAGER', request.reason ?? undefined)
    if (!result.ok) {
      if (result.reason === 'REASON_REQUIRED') throw appError(EdcErrorCodes.REASON_FOR_CHANGE_REQUIRED, result.message)
      if (result.reason === 'LOCK_ACTION_NOT_ALLOWED_FOR_ROLE') throw appError(ErrorCodes.FORBIDDEN, result.message)
      throw appError(EdcErrorCodes.LOCK_TRANSITION_NOT_ALLOWED, result.message)
    }
    await tx.dataLock.update({
      where: { id: row!.id },
      data: { state: result.state, updatedAt: at, updatedBy: actor.userId },
    })
    await tx.auditEvent.createMany({
      data: [
        auditRow(actor, 'UPDATE', { type: `DataLock:${target.level}`, id: target.targetId }, at, {
          field: 'state',
          oldValue: row!.state,
          newValue: result.state,
          reasonForChange: request.reason,
        }),
      ],
    })
    return result.state
  })
}
