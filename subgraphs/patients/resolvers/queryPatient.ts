import type { QueryResolvers } from '../generated/graphql'
import { parseId } from '../../../platform/ids'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import type { Identity } from '../../../contracts/identity'
import { mayReadSubject } from '../../../access-policy/accessPolicy'
import { forbidden } from '../../../access-policy/forbidden'

export const patient: QueryResolvers['patient'] = async (_parent, args, { loaders, identity }) => {
  const id = parseId(args.id)
  return visiblePatient(await loaders.patientById.load(id), identity, id)
}

// Protocol subject numbers are short codes such as "ONC-3017-101-0001".
const SUBJECT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/

export const patientBySubjectNumber: QueryResolvers['patientBySubjectNumber'] = async (
  _parent,
  args,
  { loaders, identity },
) => {
  const subjectNumber = args.subjectNumber.trim().toUpperCase()
  if (!SUBJECT_NUMBER.test(subjectNumber)) {
    throw badInput(
      'subjectNumber',
      'Argument "subjectNumber" must be a subject number such as "ONC-3017-101-0001" (letters, digits and dashes).',
    )
  }
  return visiblePatient(await loaders.patientBySubjectNumber.load(subjectNumber), identity, subjectNumber)
}

/** The patient if the caller may see them; otherwise — or if there is none — the same FORBIDDEN. */
export function visiblePatient<P extends { id: string; studyId: string; siteId: string }>(
  found: P | null,
  identity: Identity | null,
  key: string,
): P {
  if (!found || !mayReadSubject(identity, { patientId: found.id, studyId: found.studyId, siteId: found.siteId }))
    throw forbidden('patient', key)
  return found
}
