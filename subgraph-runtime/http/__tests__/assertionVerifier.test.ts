import { assertionKey, signGatewayAssertion } from '../../../contracts/gatewayAssertion'
import { gatewayAssertionVerifier } from '../assertionVerifier'
import type { Identity } from '../../../contracts/identity'

// The subgraphs remember the gateway assertions they have accepted; what they remember must never
// outlive the assertion, and a refusal must never be remembered.
const key = assertionKey('k'.repeat(32))
const crc: Identity = {
  userId: 'user-crc',
  sessionId: 'session-1',
  grants: [{ role: 'CRC', studyId: 'study-1', siteId: 'site-1', patientId: null }],
} as Identity

describe('gatewayAssertionVerifier', () => {
  it('accepts an assertion addressed to it, again and again while it is valid', async () => {
    let clock = Date.now()
    const verify = gatewayAssertionVerifier(key, 'epro', { now: () => clock })
    const token = await signGatewayAssertion(key, 'epro', crc)
    expect((await verify(token)).identity).toEqual(crc)
    clock += 30_000
    expect((await verify(token)).identity).toEqual(crc)
  })

  it('stops accepting a remembered assertion once it has expired', async () => {
    let clock = Date.now()
    const verify = gatewayAssertionVerifier(key, 'epro', { now: () => clock })
    const token = await signGatewayAssertion(key, 'epro', crc)
    await verify(token)
    clock += 66_000 // 60 s lifetime + 5 s tolerance
    await expect(verify(token)).rejects.toThrow('The gateway assertion has expired.')
  })

  it('refuses an assertion for another subgraph every time it is presented', async () => {
    const verify = gatewayAssertionVerifier(key, 'epro')
    const token = await signGatewayAssertion(key, 'labs', crc)
    await expect(verify(token)).rejects.toThrow('The gateway assertion is not valid.')
    await expect(verify(token)).rejects.toThrow('The gateway assertion is not valid.')
  })

  it('refuses a missing assertion and an altered copy of an accepted one', async () => {
    const verify = gatewayAssertionVerifier(key, 'epro')
    const token = await signGatewayAssertion(key, 'epro', null)
    expect((await verify(token)).identity).toBeNull()
    const [header, , signature] = token.split('.')
    const forged = [
      header,
      Buffer.from(JSON.stringify({ sub: 'someone-else', sid: 's', grants: [] })).toString('base64url'),
      signature,
    ].join('.')
    await expect(verify(forged)).rejects.toThrow('The gateway assertion is not valid.')
    await expect(verify(undefined)).rejects.toThrow('no gateway assertion')
  })
})
