import crypto from 'node:crypto'

/**
 * Refresh tokens are 256 random bits (base64url), handed to the client once; the database keeps
 * only their SHA-256, so a copy of the database signs no one in.
 */
export const newRefreshToken = (): string => crypto.randomBytes(32).toString('base64url')
export const refreshTokenHash = (token: string): string => crypto.createHash('sha256').update(token).digest('hex')
