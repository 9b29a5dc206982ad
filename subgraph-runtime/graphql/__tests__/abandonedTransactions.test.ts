import { GraphQLError } from 'graphql'
import { isAbandonedTransaction, reportAbandonedTransactions } from '../abandonedTransactions'
import type { Logger } from '../../../platform/logging/logger'

// Which Prisma transaction errors mean "nothing was committed" (the messages of Prisma 7's
// transaction manager; the real errors are produced in transactionQueue.pg.test.ts).
const transactionError = (message: string) =>
  Object.assign(new Error(`Transaction API error: ${message}`), { code: 'P2028' })

it.each([
  ['no connection before maxWait', transactionError('Unable to start a transaction in the given time.'), true],
  [
    'ran past its timeout',
    transactionError(
      'A commit cannot be executed on an expired transaction. The timeout for this transaction was 300 ms, however 612 ms passed since the start of the transaction.',
    ),
    true,
  ],
  [
    'wrapped as a cause',
    new Error('enrollment failed', { cause: transactionError('Unable to start a transaction in the given time.') }),
    true,
  ],
  // Used after its commit: the change may be saved, so it must not say "nothing was saved".
  [
    'used after its commit',
    transactionError('Transaction already closed: A query cannot be executed on a committed transaction.'),
    false,
  ],
  ['unknown to Prisma', transactionError('Transaction not found. Transaction ID is invalid.'), false],
  [
    'another Prisma error with the same words',
    Object.assign(new Error('Unable to start a transaction in the given time.'), { code: 'P2002' }),
    false,
  ],
  ['a plain bug', new TypeError('x is undefined'), false],
  ['nothing', undefined, false],
])('%s', (_label, error, expected) => {
  expect(isAbandonedTransaction(error)).toBe(expected)
})

it('answers an abandoned transaction as DATABASE_BUSY, logged at warn; other errors go to the masking', () => {
  const lines: string[] = []
  const logger = { warn: (_fields: unknown, msg: string) => lines.push(msg) } as unknown as Logger
  const masked: unknown[] = []
  const format = reportAbandonedTransactions((formatted, error) => (masked.push(error), formatted), logger)
  const wrapped = new GraphQLError('Invalid invocation', {
    path: ['enrollPatient'],
    originalError: transactionError('Unable to start a transaction in the given time.'),
  })
  expect(format({ message: wrapped.message, path: ['enrollPatient'] }, wrapped)).toEqual({
    message: 'The database was too busy to make this change in time. Nothing of it was saved: send it again.',
    path: ['enrollPatient'],
    locations: undefined,
    extensions: { code: 'DATABASE_BUSY', retryAfterSeconds: 1 },
  })
  expect(lines).toEqual(['transaction abandoned: the database was too busy'])
  expect(masked).toEqual([])
  const bug = new GraphQLError('boom', { originalError: new TypeError('x is undefined') })
  format({ message: 'boom' }, bug)
  expect(masked).toEqual([bug])
})
