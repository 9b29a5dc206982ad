import {
  EXPORT_CREDENTIAL_CALLER,
  EXPORT_CREDENTIAL_PATH,
  EXPORT_CREDENTIAL_SUBGRAPH,
  type ExportCredentialRequest,
  type ExportCredentialResponse,
} from '../../../contracts/exportCredential'
import { SERVICE_ASSERTION_HEADER, signServiceAssertion } from '../../../contracts/serviceAssertion'

/** Users refused the job a credential: the requester may no longer export (signed out, role revoked...). */
export class CredentialRefusedError extends Error {}

/**
 * Asked for again each minute (and never closer than a minute to its expiry): users checks the
 * requester's session and roles at every issue, so a sign-out or a revoked session stops a running
 * job within a minute; a revoked role stops it at once (the gateway's grants-version check).
 */
const RENEW_AFTER_MS = 60_000
const RENEW_BEFORE_EXPIRY_MS = 60_000

/**
 * A job's read credential (contracts/exportCredential.ts): an access token for the requester, in
 * their session, with one read-only grant on the study.
 */
export function jobCredential(
  options: { usersUrl: string; authKey: Uint8Array },
  request: ExportCredentialRequest,
): { token(): Promise<string>; invalidate(): void } {
  let current: { token: string; renewAt: number } | null = null
  const token = async () => {
    if (current && Date.now() < current.renewAt) return current.token
    const response = await fetch(new URL(EXPORT_CREDENTIAL_PATH, options.usersUrl), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [SERVICE_ASSERTION_HEADER]: await signServiceAssertion(
          options.authKey,
          EXPORT_CREDENTIAL_CALLER,
          EXPORT_CREDENTIAL_SUBGRAPH,
        ),
      },
      body: JSON.stringify(request),
      signal: AbortSignal.timeout(10_000),
    })
    const body = (await response.json().catch(() => null)) as
      (Partial<ExportCredentialResponse> & { errors?: { message: string }[] }) | null
    // 403: users refused the person (role, session, account); a 401 is about our own service
    // assertion (a clock or a secret out of step), which may pass.
    if (response.status === 403)
      throw new CredentialRefusedError(
        `The export may no longer read the study: ${body?.errors?.[0]?.message ?? `HTTP ${response.status}`}`,
      )
    if (!response.ok || !body?.accessToken || !body.expiresAt)
      throw new Error(`The users service did not issue the export's read credential (HTTP ${response.status}).`)
    const expiresAt = Date.parse(body.expiresAt)
    current = {
      token: body.accessToken,
      renewAt: Math.max(Date.now(), Math.min(Date.now() + RENEW_AFTER_MS, expiresAt - RENEW_BEFORE_EXPIRY_MS)),
    }
    return current.token
  }
  return {
    token,
    /** The gateway refused the token: the next request asks users for a new one. */
    invalidate: () => {
      current = null
    },
  }
}
