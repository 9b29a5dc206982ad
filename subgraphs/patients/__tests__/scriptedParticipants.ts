import crypto from 'node:crypto'
import {
  INVENTORY_COMMANDS_TOPIC,
  INVENTORY_REPLIES_TOPIC,
  STUDIES_COMMANDS_TOPIC,
  STUDIES_REPLIES_TOPIC,
  type ScheduledVisitDefinition,
} from '../../../contracts/enrollmentSaga'
import type { BusMessage, EventBus } from '../../../subgraph-runtime/events/eventBus'

// studies and inventory as a test scripts them, on the orchestrator's own (in-process) bus.

export const SCHEDULE: ScheduledVisitDefinition[] = [
  {
    code: 'W2',
    name: 'Week 2',
    visitType: 'TREATMENT',
    dayOffset: 14,
    windowBeforeDays: 3,
    windowAfterDays: 3,
    questionnaireCodes: ['PAIN-DIARY'],
  },
  {
    code: 'BL',
    name: 'Baseline (Day 1)',
    visitType: 'BASELINE',
    dayOffset: 0,
    windowBeforeDays: 0,
    windowAfterDays: 0,
    questionnaireCodes: ['PAIN-DIARY'],
  },
  {
    code: 'FU',
    name: 'Follow-up',
    visitType: 'FOLLOW_UP',
    dayOffset: 28,
    windowBeforeDays: 7,
    windowAfterDays: 7,
    questionnaireCodes: [],
  },
]

type SlotBehaviour = 'reserve' | { refuse: string } | 'silent'
type KitBehaviour = 'allocate' | { refuse: string } | 'silent'
export interface Script {
  slot: SlotBehaviour
  kit: KitBehaviour
  /** 'ignore-first': the first confirmation / release command is lost (the saga must ask again). */
  confirm?: 'answer' | 'ignore-first'
  release?: 'answer' | 'ignore-first'
}

/** studies and inventory as the test scripts them, per patient; what each was told, in order. */
export function playParticipants(bus: EventBus) {
  const scripts = new Map<string, Script>()
  const received: BusMessage[] = []
  // Whether this command is the first of its type for its patient, and the script says to lose it.
  const loseFirst = (command: BusMessage, behaviour: 'answer' | 'ignore-first' | undefined) =>
    behaviour === 'ignore-first' &&
    received.filter((m) => m.key === command.key && m.type === command.type).length === 1
  const reply = (topic: string, command: BusMessage, type: string, extra: object = {}) =>
    bus.publish([
      {
        id: crypto.randomUUID(),
        topic,
        key: command.key,
        type,
        payload: { sagaId: (command.payload as { sagaId: string }).sagaId, patientId: command.key, ...extra },
        occurredAt: new Date().toISOString(),
      },
    ])
  const subscriptions = Promise.all([
    bus.subscribe(STUDIES_COMMANDS_TOPIC, 'test-studies', async (command) => {
      received.push(command)
      const script = scripts.get(command.key)!
      if (command.type === 'ReserveEnrollmentSlot') {
        if (script.slot === 'silent') return
        if (script.slot === 'reserve') await reply(STUDIES_REPLIES_TOPIC, command, 'SlotReserved')
        else await reply(STUDIES_REPLIES_TOPIC, command, 'SlotRefused', { code: script.slot.refuse })
      }
      if (command.type === 'ReleaseEnrollmentSlot' && !loseFirst(command, script.release))
        await reply(STUDIES_REPLIES_TOPIC, command, 'SlotReleased')
      if (command.type === 'ConfirmEnrollmentSlot' && !loseFirst(command, script.confirm))
        await reply(STUDIES_REPLIES_TOPIC, command, 'SlotConfirmed', {
          visitSchedule: SCHEDULE,
          siteTimeZone: 'Europe/Berlin',
        })
    }),
    bus.subscribe(INVENTORY_COMMANDS_TOPIC, 'test-inventory', async (command) => {
      received.push(command)
      const script = scripts.get(command.key)!
      if (command.type === 'RandomizeAndAllocateKit') {
        if (script.kit === 'silent') return
        if (script.kit === 'allocate')
          await reply(INVENTORY_REPLIES_TOPIC, command, 'KitAllocated', {
            kitNumber: 'K-000123',
            randomizationNumber: 'R-0007',
          })
        else await reply(INVENTORY_REPLIES_TOPIC, command, 'AllocationRefused', { code: script.kit.refuse })
      }
      if (command.type === 'ReleaseKitAllocation' && !loseFirst(command, script.release))
        await reply(INVENTORY_REPLIES_TOPIC, command, 'KitAllocationReleased')
    }),
  ])
  return { scripts, received, subscriptions, reply }
}
