import { createRemoteJWKSet, jwtVerify } from 'jose'
import {
  SIGNATURE_CREDENTIAL_AUDIENCE,
  SIGNATURE_CREDENTIAL_TTL_SECONDS,
  type SignatureCredentialClaims,
} from '../../contracts/signatureCredential'
import type { SignatureSettings } from './signatureSettings'

/** A credential the users context issued, read and checked: who proved their password, for what. */
export interface VerifiedCredential extends SignatureCredentialClaims {
  signerId: string
  credentialId: string
}

export interface CredentialVerifier {
  /** The credential's claims; null when it is not one the users context issued, has expired or is malformed. */
  verify(token: string): Promise<VerifiedCredential | null>
}

/**
 * Verifies e-signature credentials with the users subgraph's published keys (fetched and cached by
 * jose, refetched when an unknown key id appears — a key rotation).
 */
export function createCredentialVerifier(settings: SignatureSettings): CredentialVerifier {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 5_000, timeoutDuration: 3_000 })
  return {
    async verify(token) {
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: settings.issuer,
          audience: SIGNATURE_CREDENTIAL_AUDIENCE,
          algorithms: ['ES256'],
          maxTokenAge: `${SIGNATURE_CREDENTIAL_TTL_SECONDS + 5}s`,
          clockTolerance: 5,
        })
        const { sub, jti, name, meaning, record } = payload as Record<string, unknown>
        if ([sub, jti, name, meaning, record].some((v) => typeof v !== 'string')) return null
        return {
          signerId: sub as string,
          credentialId: jti as string,
          name: name as string,
          meaning: meaning as string,
          record: record as string,
        }
      } catch {
        return null
      }
    },
  }
}
