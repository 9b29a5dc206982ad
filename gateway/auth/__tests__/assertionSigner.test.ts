import { decodeJwt } from 'jose'
import { createAssertionSigner } from '../assertionSigner'
import { assertionKey } from '../../../contracts/gatewayAssertion'
import type { Identity } from '../../../contracts/identity'

// One signed assertion per caller and subgraph, reused: never shared between callers, subgraphs or roles.
const key = assertionKey('k'.repeat(32))
const crc: Identity = {
  userId: 'user-crc',
  sessionId: 'session-1',
  grants: [{ role: 'CRC', studyId: 'study-1', siteId: 'site-1', patientId: null }],
} as Identity

describe('createAssertionSigner', () => {
  it('reuses the assertion for the same caller and subgraph', async () => {
    const sign = createAssertionSigner(key)
    expect(await sign('epro', crc)).toBe(await sign('epro', { ...crc, grants: [...crc.grants] }))
  })

  it('signs separately per subgraph, session, user, grants and for anonymous callers', async () => {
    const sign = createAssertionSigner(key)
    const tokens = await Promise.all([
      sign('epro', crc),
      sign('labs', crc),
      sign('epro', { ...crc, sessionId: 'session-2' }),
      sign('epro', { ...crc, userId: 'user-other' }),
      sign('epro', { ...crc, grants: [{ role: 'INVESTIGATOR', studyId: 'study-1', siteId: 'site-1' }] } as Identity),
      sign('epro', null),
    ])
    expect(new Set(tokens).size).toBe(tokens.length)
    expect(decodeJwt(tokens[1]!)).toMatchObject({ aud: 'labs', sub: 'user-crc', sid: 'session-1' })
    expect(decodeJwt(tokens[5]!)).toMatchObject({ aud: 'epro', anon: true })
    expect(decodeJwt(tokens[5]!).sub).toBeUndefined()
  })

  it('signs anew once half of the 60 s lifetime has gone, so no fetch carries one about to expire', async () => {
    let clock = 1_000_000
    const sign = createAssertionSigner(key, { now: () => clock })
    const first = sign('epro', crc)
    const { iat, exp } = decodeJwt(await first)
    expect(exp! - iat!).toBe(60)
    clock += 29_000
    expect(sign('epro', crc)).toBe(first)
    clock += 2_000
    expect(sign('epro', crc)).not.toBe(first)
  })
})
