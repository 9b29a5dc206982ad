import { formatDate, formatDateTime } from '../time'
import { fieldError } from '../partialData'
import { grantsOfToken } from '../../session/accessGrants'

describe("times in the site's zone", () => {
  it('shows the same instant on each site clock, with the zone named', () => {
    const instant = '2026-12-05T17:30:00.000Z'
    expect(formatDateTime(instant, 'Europe/Helsinki')).toMatch(/5 Dec 2026.*19:30.*EET/)
    expect(formatDateTime(instant, 'America/New_York')).toMatch(/5 Dec 2026.*12:30/)
    expect(formatDateTime(null, 'UTC')).toBe('—')
  })

  it('a calendar date is shown as that day wherever the browser is', () => {
    expect(formatDate('2026-01-06')).toBe('6 Jan 2026')
  })
})

describe('fieldError', () => {
  const error = (errors: { path?: string[]; extensions: Record<string, unknown> }[]) =>
    ({ graphQLErrors: errors }) as never

  it('finds a missed deadline by path, and an unreachable subgraph by its service name', () => {
    const deadline = error([{ path: ['patient', 'labResults'], extensions: { code: 'DEADLINE_EXCEEDED' } }])
    expect(fieldError(deadline, ['patient', 'labResults'])).toBeDefined()
    expect(fieldError(deadline, ['patient', 'eproSubmissions'])).toBeUndefined()
    const down = error([{ extensions: { code: 'SERVICE_UNAVAILABLE', serviceName: 'labs' } }])
    expect(fieldError(down, ['patient', 'labResults'], ['labs'])).toBeDefined()
    expect(fieldError(down, ['patient', 'eproSubmissions'], ['epro'])).toBeUndefined()
  })
})

describe('grantsOfToken', () => {
  it("reads the token's grants claim for laying out screens; a token it cannot read has none", () => {
    const payload = Buffer.from(
      JSON.stringify({ grants: [{ role: 'SPONSOR', studyId: 's', siteId: null, patientId: null }] }),
    ).toString('base64url')
    expect(grantsOfToken(`h.${payload}.sig`)).toEqual([
      { role: 'SPONSOR', studyId: 's', siteId: null, patientId: null },
    ])
    expect(grantsOfToken('not-a-jwt')).toEqual([])
  })
})
