import { z } from 'zod'
import { SUBGRAPH_PORTS } from '../config'

/** Where a context that records e-signatures (EDC) or re-authentications (inventory's emergency unblinding) finds the keys that sign e-signature credentials (the users subgraph's token keys). */
const signatureEnvSchema = z.object({
  /** The users subgraph's public keys (default: its /.well-known/jwks.json on its default port). */
  AUTH_JWKS_URL: z.url().default(`http://localhost:${SUBGRAPH_PORTS.users}/.well-known/jwks.json`),
  AUTH_ISSUER: z.string().min(1).default('urn:trial-supergraph:users'),
})

export const SIGNATURE_ENV_VARIABLES = Object.keys(signatureEnvSchema.shape)

export interface SignatureSettings {
  jwksUrl: string
  issuer: string
}

export function loadSignatureSettings(env: NodeJS.ProcessEnv = process.env): SignatureSettings {
  const parsed = signatureEnvSchema.safeParse(env)
  if (!parsed.success) throw new Error(`Invalid e-signature configuration: ${z.prettifyError(parsed.error)}`)
  return { jwksUrl: parsed.data.AUTH_JWKS_URL, issuer: parsed.data.AUTH_ISSUER }
}
