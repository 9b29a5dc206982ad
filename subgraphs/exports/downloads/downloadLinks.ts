import crypto from 'node:crypto'

/** How long a download link works. */
export const DOWNLOAD_LINK_TTL_SECONDS = 600

export interface DownloadGrant {
  jobId: string
  /** Who the link was handed to (the job's requester): the download is audited as theirs. */
  userId: string
  /** Seconds since the epoch. */
  expiresAt: number
}

const mac = (key: Buffer, payload: string) => crypto.createHmac('sha256', key).update(payload).digest('base64url')

/**
 * A download link's token: the job, its holder and expiry, with an HMAC-SHA256 over them (a key only
 * the exports context holds). Nothing is stored per link: a link cannot be revoked before it expires,
 * which is why it expires in minutes.
 */
export function signDownloadLink(key: Buffer, grant: DownloadGrant): string {
  const payload = Buffer.from(`${grant.jobId}.${grant.userId}.${grant.expiresAt}`).toString('base64url')
  return `${payload}.${mac(key, payload)}`
}

export type LinkCheck = { ok: true; grant: DownloadGrant } | { ok: false; reason: 'invalid' | 'expired' }

export function checkDownloadLink(key: Buffer, token: string, nowSeconds: number): LinkCheck {
  const [payload, signature, ...rest] = token.split('.')
  if (!payload || !signature || rest.length) return { ok: false, reason: 'invalid' }
  const expected = Buffer.from(mac(key, payload))
  const given = Buffer.from(signature)
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given))
    return { ok: false, reason: 'invalid' }
  const [jobId, userId, expires] = Buffer.from(payload, 'base64url').toString().split('.')
  const expiresAt = Number(expires)
  if (!jobId || !userId || !Number.isSafeInteger(expiresAt)) return { ok: false, reason: 'invalid' }
  if (expiresAt < nowSeconds) return { ok: false, reason: 'expired' }
  return { ok: true, grant: { jobId, userId, expiresAt } }
}
