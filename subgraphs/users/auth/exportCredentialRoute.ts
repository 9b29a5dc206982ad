import type { RequestHandler } from 'express'
import { z } from 'zod'
import { EXPORT_CREDENTIAL_CALLER, type ExportCredentialRequest } from '../../../contracts/exportCredential'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { errorDocument } from '../../../contracts/errors/errorRegistry'
import { activeTraceFields } from '../../../platform/telemetry/traceContext'
import type { UsersPrisma } from '../data/prismaClient'
import type { TokenIssuer } from './tokenIssuer'
import { issueExportCredential } from './exportCredentials'
import { EXPORT_PROFILES } from '../../../access-policy/exportPolicy'
import { jsonPostRoute, RouteRefusal } from './jsonPostRoute'

// Ids as Postgres prints them (lower case): a grant's study id is compared as a string downstream.
const id = z.uuid().transform((s) => s.toLowerCase())
const requestSchema = z.object({ jobId: id, userId: id, sessionId: id, studyId: id, profile: z.enum(EXPORT_PROFILES) })
const USAGE = `The body must be { "jobId": <uuid>, "userId": <uuid>, "sessionId": <uuid>, "studyId": <uuid>, "profile": <${EXPORT_PROFILES.join('|')}> }: the job, who started it, in which sign-in session, for which study, with which profile.`

/**
 * Behind the service-only check: of the services, only the exports context (EXPORT_CREDENTIAL_CALLER)
 * gets export credentials — another service's assertion is genuine, but not for this.
 */
export const onlyExportsService: RequestHandler = (_req, res, next) => {
  if (res.locals.service === EXPORT_CREDENTIAL_CALLER) return next()
  res
    .status(ErrorCodes.FORBIDDEN.httpStatus)
    .json(
      errorDocument(ErrorCodes.FORBIDDEN, `Only the ${EXPORT_CREDENTIAL_CALLER} service is issued export credentials.`),
    )
}

/** POST handler (contracts/exportCredential.ts), behind serviceOnly and onlyExportsService. */
export function exportCredentialRoute(prisma: UsersPrisma, issuer: TokenIssuer): RequestHandler {
  return jsonPostRoute(requestSchema satisfies z.ZodType<ExportCredentialRequest>, USAGE, async (request, res) => {
    const caller = { requestId: res.locals.requestId as string, traceId: activeTraceFields()?.trace_id ?? null }
    const answer = await issueExportCredential(prisma, issuer, request, caller)
    return 'refused' in answer ? new RouteRefusal(ErrorCodes.FORBIDDEN, answer.refused) : answer
  })
}
