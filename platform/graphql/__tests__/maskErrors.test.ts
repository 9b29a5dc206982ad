import { GraphQLError } from 'graphql'
import { maskUnexpectedErrors } from '../maskErrors'
import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { createLogger } from '../../logging/logger'

// formatError receives Apollo's formatted error and the thrown value; a resolver error reaches it
// wrapped in a GraphQLError whose originalError is what the resolver threw.
const mask = maskUnexpectedErrors(createLogger('test', { LOG_LEVEL: 'silent' }))
const wrapped = (thrown: unknown, code: string) =>
  new GraphQLError('wrapped', { originalError: thrown as Error, path: ['a'], extensions: { code } })

describe('maskUnexpectedErrors', () => {
  it('passes errors raised on purpose, without stack traces', () => {
    const error = appError(ErrorCodes.FORBIDDEN, 'No Patient with id "x".')
    const out = mask(
      { message: error.message, path: ['patient'], extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } },
      wrapped(error, 'FORBIDDEN'),
    )
    expect(out).toEqual({ message: 'No Patient with id "x".', path: ['patient'], extensions: { code: 'FORBIDDEN' } })
  })

  it('passes a subgraph error forwarded by the gateway (its original is a plain object)', () => {
    const downstream = { message: 'No Patient with id "x".', extensions: { code: 'FORBIDDEN' } }
    const out = mask(
      { message: downstream.message, extensions: { code: 'FORBIDDEN', serviceName: 'patients' } },
      wrapped(downstream, 'FORBIDDEN'),
    )
    expect(out.extensions).toEqual({ code: 'FORBIDDEN', serviceName: 'patients' })
  })

  it.each([
    ['a thrown Error', new Error('relation "patient" does not exist'), 'INTERNAL_SERVER_ERROR'],
    [
      'an Error dressed with a code',
      Object.assign(new TypeError('x is undefined'), { extensions: { code: 'BAD_USER_INPUT' } }),
      'BAD_USER_INPUT',
    ],
    ['a GraphQLError without a code', new GraphQLError('oops'), 'INTERNAL_SERVER_ERROR'],
  ])('masks %s', (_label, thrown, code) => {
    const out = mask({ message: (thrown as Error).message, path: ['a'], extensions: { code } }, wrapped(thrown, code))
    expect(out).toEqual({
      message: 'Internal server error.',
      path: ['a'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    })
  })
})
