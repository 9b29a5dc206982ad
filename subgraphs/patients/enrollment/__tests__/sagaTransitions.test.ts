import { decide, type SagaInput, type SagaSnapshot } from '../sagaTransitions'

const saga = (
  state: SagaSnapshot['state'],
  slot: SagaSnapshot['slot'],
  kit: SagaSnapshot['kit'],
  failureCode: string | null = null,
): SagaSnapshot => ({
  id: 'saga-1',
  patientId: 'patient-1',
  studyId: 'study-1',
  siteId: 'site-1',
  enrollmentDate: '2026-12-04',
  state,
  slot,
  kit,
  failureCode,
})
const ref = { sagaId: 'saga-1', patientId: 'patient-1' }
const IN: Record<string, SagaInput> = {
  reserved: { type: 'SlotReserved', ...ref },
  refused: { type: 'SlotRefused', ...ref, code: 'SITE_CAP_REACHED' },
  released: { type: 'SlotReleased', ...ref },
  confirmed: { type: 'SlotConfirmed', ...ref, visitSchedule: [], siteTimeZone: 'UTC' },
  allocated: { type: 'KitAllocated', ...ref, kitNumber: 'K1', randomizationNumber: 'R1' },
  noKit: { type: 'AllocationRefused', ...ref, code: 'NO_KIT_AVAILABLE' },
  kitReleased: { type: 'KitAllocationReleased', ...ref },
  timeout: { type: 'StepTimedOut' },
}

// [from (state, slot, kit, failure), input] → [state, slot, kit, failure, commands sent] or null (nothing happens)
type Row = [SagaSnapshot, keyof typeof IN, [string, string, string, string | null, string[]] | null]
const TABLE: Row[] = [
  // The way forward.
  [
    saga('RESERVING_SLOT', 'REQUESTED', 'NONE'),
    'reserved',
    ['ALLOCATING_KIT', 'HELD', 'REQUESTED', null, ['RandomizeAndAllocateKit']],
  ],
  [
    saga('ALLOCATING_KIT', 'HELD', 'REQUESTED'),
    'allocated',
    ['CONFIRMING_SLOT', 'HELD', 'HELD', null, ['ConfirmEnrollmentSlot']],
  ],
  [saga('CONFIRMING_SLOT', 'HELD', 'HELD'), 'confirmed', ['ENROLLED', 'CONFIRMED', 'HELD', null, []]],
  // Refusals: before anything is held, fail at once; after the slot is held, release it first.
  [saga('RESERVING_SLOT', 'REQUESTED', 'NONE'), 'refused', ['FAILED', 'REFUSED', 'NONE', 'SITE_CAP_REACHED', []]],
  [
    saga('ALLOCATING_KIT', 'HELD', 'REQUESTED'),
    'noKit',
    ['COMPENSATING', 'RELEASE_REQUESTED', 'REFUSED', 'NO_KIT_AVAILABLE', ['ReleaseEnrollmentSlot']],
  ],
  [
    saga('COMPENSATING', 'RELEASE_REQUESTED', 'REFUSED', 'NO_KIT_AVAILABLE'),
    'released',
    ['FAILED', 'RELEASED', 'REFUSED', 'NO_KIT_AVAILABLE', []],
  ],
  // Timeouts: before the pivot give up and release; after it ask again; while compensating ask again for what is missing.
  [
    saga('RESERVING_SLOT', 'REQUESTED', 'NONE'),
    'timeout',
    ['COMPENSATING', 'RELEASE_REQUESTED', 'NONE', 'PARTICIPANT_TIMEOUT', ['ReleaseEnrollmentSlot']],
  ],
  [
    saga('ALLOCATING_KIT', 'HELD', 'REQUESTED'),
    'timeout',
    [
      'COMPENSATING',
      'RELEASE_REQUESTED',
      'RELEASE_REQUESTED',
      'PARTICIPANT_TIMEOUT',
      ['ReleaseKitAllocation', 'ReleaseEnrollmentSlot'],
    ],
  ],
  [
    saga('CONFIRMING_SLOT', 'HELD', 'HELD'),
    'timeout',
    ['CONFIRMING_SLOT', 'HELD', 'HELD', null, ['ConfirmEnrollmentSlot']],
  ],
  [
    saga('COMPENSATING', 'RELEASE_REQUESTED', 'RELEASED', 'PARTICIPANT_TIMEOUT'),
    'timeout',
    ['COMPENSATING', 'RELEASE_REQUESTED', 'RELEASED', 'PARTICIPANT_TIMEOUT', ['ReleaseEnrollmentSlot']],
  ],
  // Both releases needed: FAILED only after the second acknowledgement, in either order.
  [
    saga('COMPENSATING', 'RELEASE_REQUESTED', 'RELEASE_REQUESTED', 'PARTICIPANT_TIMEOUT'),
    'kitReleased',
    ['COMPENSATING', 'RELEASE_REQUESTED', 'RELEASED', 'PARTICIPANT_TIMEOUT', []],
  ],
  [
    saga('COMPENSATING', 'RELEASE_REQUESTED', 'RELEASE_REQUESTED', 'PARTICIPANT_TIMEOUT'),
    'released',
    ['COMPENSATING', 'RELEASED', 'RELEASE_REQUESTED', 'PARTICIPANT_TIMEOUT', []],
  ],
  [
    saga('COMPENSATING', 'RELEASED', 'RELEASE_REQUESTED', 'PARTICIPANT_TIMEOUT'),
    'kitReleased',
    ['FAILED', 'RELEASED', 'RELEASED', 'PARTICIPANT_TIMEOUT', []],
  ],
  // Late and duplicate replies change nothing.
  [saga('COMPENSATING', 'RELEASE_REQUESTED', 'NONE', 'PARTICIPANT_TIMEOUT'), 'reserved', null],
  [saga('COMPENSATING', 'RELEASE_REQUESTED', 'RELEASE_REQUESTED', 'PARTICIPANT_TIMEOUT'), 'allocated', null],
  [saga('ALLOCATING_KIT', 'HELD', 'REQUESTED'), 'reserved', null],
  [saga('CONFIRMING_SLOT', 'HELD', 'HELD'), 'allocated', null],
  [saga('COMPENSATING', 'RELEASED', 'RELEASE_REQUESTED', 'X'), 'released', null],
  [saga('ENROLLED', 'CONFIRMED', 'HELD'), 'confirmed', null],
  [saga('ENROLLED', 'CONFIRMED', 'HELD'), 'timeout', null],
  [saga('FAILED', 'RELEASED', 'REFUSED', 'NO_KIT_AVAILABLE'), 'released', null],
  [saga('FAILED', 'REFUSED', 'NONE', 'SITE_CAP_REACHED'), 'timeout', null],
]

it.each(TABLE)('%j + %s', (from, input, expected) => {
  const decision = decide(from, IN[input]!)
  if (expected === null) return expect(decision).toBeNull()
  expect(
    decision && [
      decision.state,
      decision.slot,
      decision.kit,
      decision.failureCode,
      decision.commands.map((c) => c.type),
    ],
  ).toEqual(expected)
  // A step clock runs exactly while the saga waits for an answer.
  expect(decision!.awaitReply).toBe(!['ENROLLED', 'FAILED'].includes(decision!.state))
})

it('keeps the first cause of a failure when a timeout follows it', () => {
  const d = decide(saga('COMPENSATING', 'RELEASE_REQUESTED', 'REFUSED', 'NO_KIT_AVAILABLE'), IN.timeout!)
  expect(d?.failureCode).toBe('NO_KIT_AVAILABLE')
})

it('never puts an arm in a command', () => {
  for (const [from, input] of TABLE) {
    const decision = decide(from, IN[input]!)
    for (const c of decision?.commands ?? []) expect(Object.keys(c)).not.toContain('arm')
  }
})
