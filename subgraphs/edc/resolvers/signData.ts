import type { MutationResolvers } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { forbidden } from '../../../access-policy/forbidden'
import { mayReadCaseReportForms, maySignCasebook } from '../../../access-policy/dataCapturePolicy'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import { EdcErrorCodes } from '../errorCodes'
import { signRecord } from '../signatures/signRecord'

const invalidCredential = () =>
  appError(
    EdcErrorCodes.SIGNATURE_CREDENTIAL_INVALID,
    'The signature credential is not valid for this signature (expired, or issued for another person, record or meaning): confirm your password again.',
  )

export const signData: NonNullable<MutationResolvers['signData']> = async (_root, { input }, context) => {
  const { loaders, identity } = context
  const targetId = parseId(input.targetId, 'targetId')
  const patientId =
    input.scope === 'CASEBOOK' ? targetId : ((await loaders.studyEventById.load(targetId))?.patientId ?? null)
  const subject = patientId ? await loaders.subjectById.load(patientId) : null
  if (!subject || !mayReadCaseReportForms(identity, subject)) throw forbidden(input.scope.toLowerCase(), input.targetId)
  if (!maySignCasebook(identity, subject))
    throw appError(ErrorCodes.FORBIDDEN, "Only an investigator of the patient's site signs its data.")
  // 11.200(a): both components, checked by the users context; here: it is this signer's, for this
  // record and meaning, unexpired — and (in the transaction) never used before.
  const credential = context.credentials ? await context.credentials.verify(input.credential) : null
  if (
    !credential ||
    credential.signerId !== identity?.userId ||
    credential.record !== `${input.scope}:${targetId}` ||
    credential.meaning !== input.meaning
  )
    throw invalidCredential()
  return signRecord(
    context.prisma,
    { scope: input.scope, targetId, subject, credential },
    requestActor(identity, context.requestId),
    new Date(),
  )
}
