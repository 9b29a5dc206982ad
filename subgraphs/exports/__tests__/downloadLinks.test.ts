import crypto from 'node:crypto'
import { checkDownloadLink, signDownloadLink } from '../downloads/downloadLinks'

const key = crypto.randomBytes(32)
const grant = { jobId: crypto.randomUUID(), userId: crypto.randomUUID(), expiresAt: 1_800_000_000 }

it('a link checks out with its key before its expiry, naming its job and holder', () => {
  expect(checkDownloadLink(key, signDownloadLink(key, grant), grant.expiresAt - 1)).toEqual({ ok: true, grant })
})

it('an expired link is refused as expired', () => {
  expect(checkDownloadLink(key, signDownloadLink(key, grant), grant.expiresAt + 1)).toEqual({
    ok: false,
    reason: 'expired',
  })
})

it.each([
  ['signed with another key', () => signDownloadLink(crypto.randomBytes(32), grant)],
  ['for a later expiry than signed', () => swapPayload({ ...grant, expiresAt: grant.expiresAt + 86_400 })],
  ['for another job', () => swapPayload({ ...grant, jobId: crypto.randomUUID() })],
  ['for another holder', () => swapPayload({ ...grant, userId: crypto.randomUUID() })],
  ['without a signature', () => signDownloadLink(key, grant).split('.')[0]!],
  ['with a part too many', () => `${signDownloadLink(key, grant)}.x`],
  ['empty', () => ''],
])('a link %s is refused as invalid', (_label, make) => {
  expect(checkDownloadLink(key, make(), grant.expiresAt - 1)).toEqual({ ok: false, reason: 'invalid' })
})

/** The signature of the real grant on the payload of another: what someone editing a link would try. */
function swapPayload(other: typeof grant): string {
  const signature = signDownloadLink(key, grant).split('.')[1]
  return `${signDownloadLink(key, other).split('.')[0]}.${signature}`
}
