import type { Resolvers } from '../generated/graphql'
import { patient, patientBySubjectNumber } from './queryPatient'
import { Patient } from './patient'
import { PatientConnection, Site } from './sitePatients'
import { Visit } from './visit'

export const resolvers: Resolvers = {
  Query: { patient, patientBySubjectNumber },
  Patient,
  Site,
  PatientConnection,
  Visit,
}
