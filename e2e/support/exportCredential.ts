import crypto from 'node:crypto'
import { decodeJwt } from 'jose'
import { assertionKey } from '../../contracts/gatewayAssertion'
import { SERVICE_ASSERTION_HEADER, signServiceAssertion } from '../../contracts/serviceAssertion'
import {
  EXPORT_CREDENTIAL_CALLER,
  EXPORT_CREDENTIAL_PATH,
  EXPORT_CREDENTIAL_SUBGRAPH,
  type ExportCredentialRequest,
  type ExportCredentialResponse,
} from '../../contracts/exportCredential'
import type { SupergraphUnderTest } from './supergraphUnderTest'

/** Who a gateway access token is for, and in which sign-in session (its `sub` and `sid`). */
export function sessionOf(accessToken: string): { userId: string; sessionId: string } {
  const { sub, sid } = decodeJwt(accessToken) as { sub: string; sid: string }
  return { userId: sub, sessionId: sid }
}

/**
 * Asks the users subgraph for an export credential as the exports service would
 * (contracts/exportCredential.ts): the HTTP status and the answer's body.
 */
export async function requestExportCredential(
  supergraph: SupergraphUnderTest,
  request: Omit<ExportCredentialRequest, 'jobId' | 'profile'> & { profile?: string },
  caller: string = EXPORT_CREDENTIAL_CALLER,
): Promise<{ status: number; body: Partial<ExportCredentialResponse> & { errors?: { message: string }[] } }> {
  const key = assertionKey(supergraph.processes.authSecret)
  const users = supergraph.processes.subgraphs[EXPORT_CREDENTIAL_SUBGRAPH].spec.baseUrl
  const response = await fetch(`${users}${EXPORT_CREDENTIAL_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(key, caller, EXPORT_CREDENTIAL_SUBGRAPH),
    },
    body: JSON.stringify({ jobId: crypto.randomUUID(), profile: 'sponsor', ...request }),
  })
  return { status: response.status, body: (await response.json()) as never }
}

/** An export credential for a demo account's gateway session (signed in through the gateway), for `studyId`. */
export async function exportCredentialFor(
  supergraph: SupergraphUnderTest,
  email: string,
  studyId: string,
): Promise<string> {
  const session = sessionOf(await supergraph.tokenFor(email))
  const { status, body } = await requestExportCredential(supergraph, { ...session, studyId })
  if (status !== 200 || !body.accessToken)
    throw new Error(`no export credential for ${email}: ${status} ${JSON.stringify(body)}`)
  return body.accessToken
}
