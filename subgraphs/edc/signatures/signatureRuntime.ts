import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import { createCredentialVerifier, type CredentialVerifier } from '../../../subgraph-runtime/auth/credentialVerifier'
import { loadSignatureSettings } from '../../../subgraph-runtime/auth/signatureSettings'

/** What the EDC keeps for the life of the process: the verifier of e-signature credentials (its key cache). */
export interface EdcRuntime extends BackgroundWork {
  credentials: CredentialVerifier
}

export async function startEdcRuntime(): Promise<EdcRuntime> {
  return { credentials: createCredentialVerifier(loadSignatureSettings()), shutdownPhases: [] }
}
