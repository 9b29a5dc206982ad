import { ErrorCodes, appError, isErrorCode } from '../errors'

describe('error registry', () => {
  it('every code is its own key, with an HTTP status and a description', () => {
    for (const [key, definition] of Object.entries(ErrorCodes)) {
      expect(definition.code).toBe(key)
      expect(definition.httpStatus).toBeGreaterThanOrEqual(400)
      expect(definition.description.length).toBeGreaterThan(10)
    }
  })

  it('appError puts the code in extensions and keeps details', () => {
    const error = appError('NOT_FOUND', 'No Patient with id "x".', { typeName: 'Patient' })
    expect(error.extensions).toEqual({ code: 'NOT_FOUND', typeName: 'Patient' })
    expect(isErrorCode('NOT_FOUND')).toBe(true)
    expect(isErrorCode('toString')).toBe(false)
  })
})
