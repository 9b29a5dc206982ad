/**
 * An electronic signature's proof of identity (21 CFR 11.200(a): two components, identification
 * and password), as the users context vouches for it to the context that records the signature:
 * the signer re-enters their password with the users subgraph, which answers with a short-lived
 * ES256 JWT signed by its token key (published at its /.well-known/jwks.json). The EDC verifies
 * it, checks that the signer is the caller and that record and meaning are the ones being signed,
 * and uses it once (its jti), so a credential cannot be replayed, moved to another record or
 * given another meaning (11.70).
 */
export const SIGNATURE_CREDENTIAL_AUDIENCE = 'trial-supergraph/e-signature'
/** Long enough to confirm a dialog, short enough to be useless if left behind. */
export const SIGNATURE_CREDENTIAL_TTL_SECONDS = 120

/** The claims beyond iss, aud, sub (the signer's user id), iat, exp and jti. */
export interface SignatureCredentialClaims {
  /** 11.50(a)(1): the signer's printed name at the time of signing. */
  name: string
  /** 11.50(a)(3): the meaning of the signature, e.g. "I approve the data as accurate and complete". */
  meaning: string
  /** What is signed, e.g. "CASEBOOK:<patient id>" or "VISIT:<visit id>". */
  record: string
}

/** The re-authentication an investigator gives for an emergency unblinding (record "UNBLIND:<patient id>"). */
export const EMERGENCY_UNBLINDING_MEANING = 'I request emergency unblinding of this subject for patient safety'

/** The meanings an investigator may give a signature in this platform. */
export const SIGNATURE_MEANINGS = [
  'I approve the data as accurate and complete',
  'I have reviewed the data',
  EMERGENCY_UNBLINDING_MEANING,
] as const
