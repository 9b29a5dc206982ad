import type { EproSubmissionResolvers } from '../generated/graphql'
import { isUuid } from '../../../server-kit/ids'
import { parseSymptoms } from '../data/symptoms'

export const EproSubmission: EproSubmissionResolvers = {
  __resolveReference: (ref, { loaders }) => (isUuid(ref.id) ? loaders.submissionById.load(ref.id.toLowerCase()) : null),
  patient: (submission) => ({ id: submission.patientId }),
  questionnaire: async (submission, _args, { loaders }) => {
    const questionnaire = await loaders.questionnaireById.load(submission.questionnaireId)
    // A foreign key guarantees the row exists; its absence is a bug, reported (masked) as such.
    if (!questionnaire) throw new Error(`Questionnaire ${submission.questionnaireId} of submission ${submission.id} is missing.`)
    return questionnaire
  },
  symptoms: (submission) => parseSymptoms(submission.symptoms),
}
