import type { Resolvers } from '../generated/graphql'
import { patient, patientBySubjectNumber } from './queryPatient'
import { Patient } from './patient'
import { PatientConnection, Site } from './sitePatients'
import { Visit } from './visit'
import { Enrollment } from './enrollment'
import { enrollPatient, screenPatient, withdrawPatient } from './enrollmentMutations'

export const resolvers: Resolvers = {
  Query: { patient, patientBySubjectNumber },
  Mutation: { screenPatient, enrollPatient, withdrawPatient },
  Enrollment,
  Patient,
  Site,
  PatientConnection,
  Visit,
}
