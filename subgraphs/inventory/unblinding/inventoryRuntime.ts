import type { BackgroundWork } from '../../../subgraph-runtime/subgraphModule'
import { createCredentialVerifier, type CredentialVerifier } from '../../../subgraph-runtime/auth/credentialVerifier'
import { loadSignatureSettings } from '../../../subgraph-runtime/auth/signatureSettings'

/** What inventory keeps for the life of the process: the verifier of re-authentication credentials. */
export interface InventoryRuntime extends BackgroundWork {
  credentials: CredentialVerifier
}

export async function startInventoryRuntime(): Promise<InventoryRuntime> {
  return { credentials: createCredentialVerifier(loadSignatureSettings()), shutdownPhases: [] }
}
