import type { EproSubmissionResolvers } from '../generated/graphql'
import { isUuid } from '../../../platform/ids'
import { parseSymptoms } from '../data/symptoms'
import { forbidden } from '../../../access-policy/forbidden'

export const EproSubmission: EproSubmissionResolvers = {
  // A malformed key is no entry; an entry of a subject the caller may not see (or none): FORBIDDEN.
  __resolveReference: async (ref, { loaders, subjects }) => {
    if (!isUuid(ref.id)) return null
    const found = await loaders.submissionById.load(ref.id.toLowerCase())
    if (!found || !(await subjects.allowed(found.patientId))) throw forbidden('diary entry', ref.id)
    return found
  },
  patient: (submission) => ({ id: submission.patientId }),
  questionnaire: async (submission, _args, { loaders }) => {
    const questionnaire = await loaders.questionnaireById.load(submission.questionnaireId)
    // A foreign key guarantees the row exists; its absence is a bug, reported (masked) as such.
    if (!questionnaire)
      throw new Error(`Questionnaire ${submission.questionnaireId} of submission ${submission.id} is missing.`)
    return questionnaire
  },
  symptoms: (submission) => parseSymptoms(submission.symptoms),
}
