import type { MutationResolvers } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput, ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { forbidden } from '../../../access-policy/forbidden'
import { mayPublishFormDefinitions, mayReadFormDefinitions } from '../../../access-policy/dataCapturePolicy'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import { EdcErrorCodes } from '../errorCodes'
import { publishFormVersion } from '../forms/publishFormVersion'

const MAX_DOCUMENT = 1_000_000
const MAX_REASON = 4000

function parsedDocument(text: string): unknown {
  if (text.length > MAX_DOCUMENT)
    throw badInput('definition', `"definition" is longer than ${MAX_DOCUMENT} characters.`)
  try {
    return JSON.parse(text)
  } catch (error) {
    const problem = `definition: not JSON (${(error as Error).message})`
    throw appError(EdcErrorCodes.FORM_DEFINITION_INVALID, `The form definition is not JSON; nothing was published.`, {
      problems: [problem],
    })
  }
}

export const publishFormDefinition: NonNullable<MutationResolvers['publishFormDefinition']> = async (
  _root,
  { input },
  context,
) => {
  const studyId = parseId(input.studyId, 'studyId')
  if (!mayReadFormDefinitions(context.identity, studyId)) throw forbidden('study', input.studyId)
  if (!mayPublishFormDefinitions(context.identity, studyId))
    throw appError(ErrorCodes.FORBIDDEN, "Only a data manager of the whole study publishes its forms' definitions.")
  if (!Number.isInteger(input.expectedVersion) || input.expectedVersion < 0)
    throw badInput('expectedVersion', '"expectedVersion" is the newest version you read: 0 or more.')
  const reason = input.reasonForChange?.trim() || null
  if (reason && reason.length > MAX_REASON)
    throw badInput('reasonForChange', `"reasonForChange" is longer than ${MAX_REASON} characters.`)
  const result = await publishFormVersion(
    context.prisma,
    {
      studyId,
      document: parsedDocument(input.definition),
      expectedVersion: input.expectedVersion,
      reasonForChange: reason,
      at: new Date(),
    },
    requestActor(context.identity, context.requestId),
  )
  context.loaders.definitionsByStudy.clear(studyId)
  return result
}
