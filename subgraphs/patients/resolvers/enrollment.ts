import type { EnrollmentResolvers } from '../generated/graphql'
import { failureMessage } from '../enrollment/failureMessages'

const STEP_STATUS = { NONE: 'NOT_STARTED' } as const

export const Enrollment: EnrollmentResolvers = {
  failure: (saga) =>
    saga.failureCode && (saga.state === 'FAILED' || saga.state === 'COMPENSATING')
      ? { code: saga.failureCode, message: failureMessage(saga.failureCode) }
      : null,
  steps: (saga) => [
    { name: 'ENROLLMENT_SLOT', status: saga.slot === 'NONE' ? STEP_STATUS.NONE : saga.slot },
    { name: 'KIT_ALLOCATION', status: saga.kit === 'NONE' ? STEP_STATUS.NONE : saga.kit },
  ],
  history: (saga) => saga.transitions.map((t) => ({ from: t.fromState, to: t.toState, cause: t.cause, at: t.at })),
}
