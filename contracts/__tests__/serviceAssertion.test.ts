import crypto from 'node:crypto'
import { AssertionError, assertionKey, checkGatewayAssertion, signGatewayAssertion } from '../gatewayAssertion'
import { checkServiceAssertion, signServiceAssertion } from '../serviceAssertion'

// A service assertion opens the routes other subgraphs call (the outbox feed); the gateway's
// assertions open /graphql. Neither may pass for the other, whatever it carries.
const key = assertionKey(crypto.randomBytes(32).toString('hex'))
const now = () => Date.now()

it('names the calling service to the subgraph it is addressed to', async () => {
  const token = await signServiceAssertion(key, 'patients', 'studies')
  await expect(checkServiceAssertion(key, 'studies', token, now)).resolves.toMatchObject({ service: 'patients' })
})

it.each([
  ['missing', async () => undefined, 'no service assertion'],
  ['addressed to another subgraph', () => signServiceAssertion(key, 'patients', 'inventory'), 'not valid'],
  [
    'signed with another key',
    () => signServiceAssertion(assertionKey('x'.repeat(32)), 'patients', 'studies'),
    'not valid',
  ],
  [
    "the gateway's, for a user",
    () =>
      signGatewayAssertion(key, 'studies', { userId: crypto.randomUUID(), sessionId: crypto.randomUUID(), grants: [] }),
    'not valid',
  ],
  ["the gateway's, anonymous", () => signGatewayAssertion(key, 'studies', null), 'not valid'],
])('refuses an assertion %s', async (_, token, message) => {
  const refusal = checkServiceAssertion(key, 'studies', await token(), now)
  await expect(refusal).rejects.toThrow(AssertionError)
  await expect(refusal).rejects.toThrow(message)
})

it('refuses an expired one', async () => {
  const token = await signServiceAssertion(key, 'patients', 'studies')
  await expect(checkServiceAssertion(key, 'studies', token, () => Date.now() + 10 * 60_000)).rejects.toThrow('expired')
})

it("is not taken for the gateway's", async () => {
  const token = await signServiceAssertion(key, 'patients', 'studies')
  await expect(checkGatewayAssertion(key, 'studies', token, now)).rejects.toThrow('not valid')
})
