import type { Resolvers } from '../generated/graphql'
import { labResult } from './queryLabResult'
import { LabResult } from './labResult'
import { Patient } from './patient'

export const resolvers: Resolvers = {
  Query: { labResult },
  LabResult,
  Patient,
}
