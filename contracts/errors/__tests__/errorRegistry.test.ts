import { appError, defineErrorCodes, errorDocument } from '../errorRegistry'
import { ErrorCodes } from '../commonErrorCodes'

describe('error registry', () => {
  it('a definition is its own key, with its owner, an HTTP status and a description', () => {
    const codes = defineErrorCodes('labs', {
      LAB_RESULT_AMENDED: { httpStatus: 409, description: 'The result was amended since you read it.' },
    })
    expect(codes.LAB_RESULT_AMENDED).toEqual({
      code: 'LAB_RESULT_AMENDED',
      owner: 'labs',
      httpStatus: 409,
      description: 'The result was amended since you read it.',
    })
    expect(Object.isFrozen(codes.LAB_RESULT_AMENDED)).toBe(true)
    for (const [key, definition] of Object.entries(ErrorCodes)) {
      expect(definition.code).toBe(key)
      expect(definition.httpStatus).toBeGreaterThanOrEqual(400)
      expect(definition.description.length).toBeGreaterThan(10)
    }
  })

  it('appError puts the code in extensions and keeps details; a detail cannot replace the code', () => {
    const error = appError(ErrorCodes.BAD_USER_INPUT, 'Argument "first" must be between 1 and 50, got 0.', {
      argumentName: 'first',
      code: 'SOMETHING_ELSE',
    })
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName: 'first' })
  })

  it('errorDocument is a GraphQL-over-HTTP error body with the code', () => {
    expect(errorDocument(ErrorCodes.BAD_REQUEST, 'Request body is not valid JSON.', { requestId: 'r1' })).toEqual({
      errors: [{ message: 'Request body is not valid JSON.', extensions: { requestId: 'r1', code: 'BAD_REQUEST' } }],
    })
  })
})
