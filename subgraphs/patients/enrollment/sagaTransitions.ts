import type {
  EnrollmentFailureCode,
  InventoryCommand,
  InventoryReply,
  ScheduledVisitDefinition,
  StudiesCommand,
  StudiesReply,
} from '../../../contracts/enrollmentSaga'
import type { EnrollmentSagaState, ParticipantState } from '../generated/prisma/client'

/**
 * The enrollment saga as a pure state machine: given the stored saga and what just happened (a
 * participant's reply, or its step running out of time), the next state and the commands to send.
 * Null means "nothing to do": a duplicate or a late reply, which changes nothing.
 *
 * Order (pessimistic): reserve a slot (compensatable) → randomise and allocate a kit (the pivot:
 * the one step that fails for business reasons, and after which the saga only goes forward) →
 * confirm the slot (retriable) → ENROLLED. Any failure before the pivot releases what is held; the
 * saga is FAILED only once every release is acknowledged, so "failed" always means "compensated".
 */
export interface SagaSnapshot {
  id: string
  patientId: string
  studyId: string
  siteId: string
  enrollmentDate: string
  state: EnrollmentSagaState
  slot: ParticipantState
  kit: ParticipantState
  failureCode: string | null
}

export type SagaInput = StudiesReply | InventoryReply | { type: 'StepTimedOut' }

export type SagaCommand = StudiesCommand | InventoryCommand

export interface SagaDecision {
  state: EnrollmentSagaState
  slot: ParticipantState
  kit: ParticipantState
  failureCode: string | null
  commands: SagaCommand[]
  /** Restart the step clock (a command was sent that needs an answer); otherwise no deadline. */
  awaitReply: boolean
  allocation?: { kitNumber: string; randomizationNumber: string }
  /** Set when the saga reaches ENROLLED: the schedule the subject's visits are made from. */
  enrolled?: { visitSchedule: ScheduledVisitDefinition[]; siteTimeZone: string }
}

const TERMINAL: readonly EnrollmentSagaState[] = ['ENROLLED', 'FAILED']
/** A participant the saga still waits for (or holds something at). */
const OUTSTANDING: readonly ParticipantState[] = ['REQUESTED', 'HELD', 'RELEASE_REQUESTED']

export const isTerminal = (state: EnrollmentSagaState) => TERMINAL.includes(state)

/** The first commands of a new saga. */
export function startCommands(saga: Pick<SagaSnapshot, 'id' | 'patientId' | 'studyId' | 'siteId'>): SagaCommand[] {
  return [
    {
      type: 'ReserveEnrollmentSlot',
      sagaId: saga.id,
      patientId: saga.patientId,
      studyId: saga.studyId,
      siteId: saga.siteId,
    },
  ]
}

export function decide(saga: SagaSnapshot, input: SagaInput): SagaDecision | null {
  if (isTerminal(saga.state)) return null
  const ref = { sagaId: saga.id, patientId: saga.patientId }
  const same = { state: saga.state, slot: saga.slot, kit: saga.kit, failureCode: saga.failureCode }
  const releaseSlot: SagaCommand = {
    type: 'ReleaseEnrollmentSlot',
    ...ref,
    studyId: saga.studyId,
    siteId: saga.siteId,
    reasonCode: 'ENROLLMENT_ABANDONED',
  }
  const releaseKit: SagaCommand = {
    type: 'ReleaseKitAllocation',
    ...ref,
    siteId: saga.siteId,
    reasonCode: 'ENROLLMENT_ABANDONED',
  }

  // Compensation: wait for every release; FAILED once nothing is outstanding any more.
  const compensating = (
    slot: ParticipantState,
    kit: ParticipantState,
    failureCode: string | null,
    commands: SagaCommand[],
  ): SagaDecision => {
    const done = !OUTSTANDING.includes(slot) && !OUTSTANDING.includes(kit)
    return { state: done ? 'FAILED' : 'COMPENSATING', slot, kit, failureCode, commands, awaitReply: !done }
  }
  const fail = (code: EnrollmentFailureCode) => saga.failureCode ?? code

  switch (input.type) {
    case 'SlotReserved':
      if (saga.state !== 'RESERVING_SLOT') return null // late: a release is already queued behind it
      return {
        ...same,
        state: 'ALLOCATING_KIT',
        slot: 'HELD',
        kit: 'REQUESTED',
        commands: [
          {
            type: 'RandomizeAndAllocateKit',
            ...ref,
            studyId: saga.studyId,
            siteId: saga.siteId,
            enrollmentDate: saga.enrollmentDate,
          },
        ],
        awaitReply: true,
      }
    case 'SlotRefused':
      if (saga.state !== 'RESERVING_SLOT') return null
      return {
        ...same,
        state: 'FAILED',
        slot: 'REFUSED',
        failureCode: fail(input.code),
        commands: [],
        awaitReply: false,
      }
    case 'KitAllocated':
      if (saga.state !== 'ALLOCATING_KIT') return null
      return {
        ...same,
        state: 'CONFIRMING_SLOT',
        kit: 'HELD',
        allocation: { kitNumber: input.kitNumber, randomizationNumber: input.randomizationNumber },
        commands: [{ type: 'ConfirmEnrollmentSlot', ...ref }],
        awaitReply: true,
      }
    case 'AllocationRefused':
      if (saga.state !== 'ALLOCATING_KIT') return null
      return compensating('RELEASE_REQUESTED', 'REFUSED', fail(input.code), [releaseSlot])
    case 'SlotConfirmed':
      if (saga.state !== 'CONFIRMING_SLOT') return null
      return {
        ...same,
        state: 'ENROLLED',
        slot: 'CONFIRMED',
        commands: [],
        awaitReply: false,
        enrolled: { visitSchedule: input.visitSchedule, siteTimeZone: input.siteTimeZone },
      }
    case 'SlotReleased':
      if (saga.state !== 'COMPENSATING' || saga.slot !== 'RELEASE_REQUESTED') return null
      return compensating('RELEASED', saga.kit, saga.failureCode, [])
    case 'KitAllocationReleased':
      if (saga.state !== 'COMPENSATING' || saga.kit !== 'RELEASE_REQUESTED') return null
      return compensating(saga.slot, 'RELEASED', saga.failureCode, [])
    case 'StepTimedOut':
      return onTimeout(saga, releaseSlot, releaseKit, compensating, fail)
  }
}

/**
 * A step ran out of time. Before the pivot, give up and release whatever may be held (a
 * reservation may have been made and its reply lost or late). After it, only go forward: ask
 * again for the confirmation. While compensating, ask again for the releases not yet
 * acknowledged (participants treat a repeated release as done).
 */
function onTimeout(
  saga: SagaSnapshot,
  releaseSlot: SagaCommand,
  releaseKit: SagaCommand,
  compensating: (
    slot: ParticipantState,
    kit: ParticipantState,
    code: string | null,
    commands: SagaCommand[],
  ) => SagaDecision,
  fail: (code: EnrollmentFailureCode) => string,
): SagaDecision {
  const same = { state: saga.state, slot: saga.slot, kit: saga.kit, failureCode: saga.failureCode }
  switch (saga.state) {
    case 'RESERVING_SLOT':
      return compensating('RELEASE_REQUESTED', saga.kit, fail('PARTICIPANT_TIMEOUT'), [releaseSlot])
    case 'ALLOCATING_KIT':
      return compensating('RELEASE_REQUESTED', 'RELEASE_REQUESTED', fail('PARTICIPANT_TIMEOUT'), [
        releaseKit,
        releaseSlot,
      ])
    case 'CONFIRMING_SLOT':
      return {
        ...same,
        commands: [{ type: 'ConfirmEnrollmentSlot', sagaId: saga.id, patientId: saga.patientId }],
        awaitReply: true,
      }
    default: {
      const commands = [
        ...(saga.kit === 'RELEASE_REQUESTED' ? [releaseKit] : []),
        ...(saga.slot === 'RELEASE_REQUESTED' ? [releaseSlot] : []),
      ]
      return compensating(saga.slot, saga.kit, saga.failureCode, commands)
    }
  }
}
