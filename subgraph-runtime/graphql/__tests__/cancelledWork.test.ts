import { GraphQLError } from 'graphql'
import { cancellationOf, reportCancelledWork } from '../cancelledWork'
import { WorkCancelledError } from '../../database/requestWork'
import type { Logger } from '../../../platform/logging/logger'

// Which errors are work the subgraph cancelled on purpose, in the shapes they arrive in (seen with
// Prisma 7's pg driver adapter and the pg driver itself).
const prismaCancelled = (message: string) =>
  Object.assign(new Error('Invalid `prisma.labResult.findMany()` invocation'), {
    code: 'P2039',
    meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'postgres', code: '57014', message } } },
  })

it.each([
  ['a statement refused before it started', new WorkCancelledError('deadline passed'), 'subgraph-deadline'],
  ['Prisma: cancelled at our request', prismaCancelled('canceling statement due to user request'), 'subgraph-deadline'],
  [
    'Prisma: the statement timeout',
    prismaCancelled('canceling statement due to statement timeout'),
    'statement-timeout',
  ],
  [
    'pg: cancelled',
    Object.assign(new Error('canceling statement due to user request'), { code: '57014' }),
    'subgraph-deadline',
  ],
  [
    'wrapped as a cause',
    new Error('loader failed', { cause: new WorkCancelledError('deadline passed') }),
    'subgraph-deadline',
  ],
  ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' }), null],
  ['a plain bug', new TypeError('x is undefined'), null],
  ['nothing', undefined, null],
])('%s → %s', (_label, error, expected) => {
  expect(cancellationOf(error)).toBe(expected)
})

function recordingLogger() {
  const lines: { level: string; msg: string }[] = []
  const at = (level: string) => (_fields: unknown, msg: string) => lines.push({ level, msg })
  return { logger: { info: at('info'), warn: at('warn'), error: at('error') } as unknown as Logger, lines }
}

it('answers cancelled work as DEADLINE_EXCEEDED and logs it at info, once; other errors go to the masking', () => {
  const { logger, lines } = recordingLogger()
  const masked: unknown[] = []
  const format = reportCancelledWork((formatted, error) => (masked.push(error), formatted), logger)
  const wrapped = new GraphQLError('Invalid invocation', {
    path: ['labResult'],
    originalError: prismaCancelled('canceling statement due to user request'),
  })
  expect(format({ message: wrapped.message, path: ['labResult'] }, wrapped)).toEqual({
    message: 'The deadline passed before this subgraph finished; the fields it owed are null.',
    path: ['labResult'],
    locations: undefined,
    extensions: { code: 'DEADLINE_EXCEEDED', reason: 'subgraph-deadline' },
  })
  expect(lines).toEqual([{ level: 'info', msg: 'work cancelled: deadline passed' }])
  const bug = new GraphQLError('boom', { originalError: new TypeError('x is undefined') })
  format({ message: 'boom' }, bug)
  expect(masked).toEqual([bug])
})
