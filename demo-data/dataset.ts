import { buildDiarySubmissions } from './diarySubmissions'
import { buildEdcDataset, type EdcDataset } from './edc/edcDataset'
import { buildDiaryEnrollments, buildQuestionnaires } from './epro'
import { buildLabResults } from './labs'
import { buildPatientAccounts } from './patientAccounts'
import { buildPatients } from './patients'
import { EmailRegistry } from './personNames'
import type {
  DiaryEnrollmentRow,
  EproSubmissionRow,
  LabResultRow,
  PatientRow,
  QuestionnaireRow,
  RoleAssignmentRow,
  UserRow,
  VisitRow,
} from './rowTypes'
import { resolveOptions, type DemoOptions } from './scale'
import { buildStaff } from './staff'
import { planStudiesAndSites } from './studiesAndSites'
import { buildStudySetup, type StudySetup } from './studySetup'

/** Rows per bounded context, each list ready for `prisma.<model>.createMany({ data })`. */
export interface DemoDataset {
  users: { users: UserRow[]; roleAssignments: RoleAssignmentRow[] }
  studies: StudySetup
  patients: { patients: PatientRow[]; visits: VisitRow[] }
  epro: { questionnaires: QuestionnaireRow[]; diaryEnrollments: DiaryEnrollmentRow[]; submissions: EproSubmissionRow[] }
  labs: { labResults: LabResultRow[] }
  edc: EdcDataset
}

/**
 * Builds the whole demo dataset in memory. Pure: the same options give byte-identical output, and
 * every id is a stableUuid of a natural key, so seeding twice upserts the same rows. Insert order
 * for foreign keys inside a context: users before role assignments, studies before sites,
 * patients before visits, questionnaires before enrollments and submissions.
 */
export function generateDemoDataset(options: DemoOptions = {}): DemoDataset {
  const context = resolveOptions(options)
  const emails = new EmailRegistry()
  const plans = planStudiesAndSites(context)
  const staff = buildStaff(plans, context, emails)
  const patients = buildPatients(plans, staff, context)
  const accounts = buildPatientAccounts(plans, patients, context, emails)
  const questionnaires = buildQuestionnaires(plans)
  const diaryEnrollments = buildDiaryEnrollments(patients, questionnaires)
  return {
    users: {
      users: [...staff.users, ...accounts.users],
      roleAssignments: [...staff.roleAssignments, ...accounts.roleAssignments],
    },
    studies: buildStudySetup(plans, patients),
    patients: { patients: patients.map((p) => p.row), visits: patients.flatMap((p) => p.visits) },
    epro: {
      questionnaires,
      diaryEnrollments,
      submissions: buildDiarySubmissions(patients, diaryEnrollments, questionnaires, context),
    },
    labs: { labResults: buildLabResults(patients, context) },
    edc: buildEdcDataset(plans, patients, staff, context),
  }
}

let defaultDataset: DemoDataset | undefined

/**
 * The default dataset (default anchor, scale and seed), built on first use and then shared by the
 * seed scripts and tests of one process. Treat it as read-only.
 */
export function demoDataset(): DemoDataset {
  defaultDataset ??= generateDemoDataset()
  return defaultDataset
}
