import type { QueryResolvers } from '../generated/graphql'
import { parseId } from '../../../server-kit/ids'
import { badInput, notFound } from '../../../server-kit/errors'

export const patient: QueryResolvers['patient'] = async (_parent, args, { loaders }) => {
  const id = parseId(args.id)
  const found = await loaders.patientById.load(id)
  if (!found) throw notFound('Patient', 'id', id)
  return found
}

// Protocol subject numbers are short codes such as "ONC-3017-101-0001".
const SUBJECT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/

export const patientBySubjectNumber: QueryResolvers['patientBySubjectNumber'] = async (_parent, args, { loaders }) => {
  const subjectNumber = args.subjectNumber.trim().toUpperCase()
  if (!SUBJECT_NUMBER.test(subjectNumber)) {
    throw badInput('subjectNumber', 'Argument "subjectNumber" must be a subject number such as "ONC-3017-101-0001" (letters, digits and dashes).')
  }
  const found = await loaders.patientBySubjectNumber.load(subjectNumber)
  if (!found) throw notFound('Patient', 'subject number', subjectNumber)
  return found
}
