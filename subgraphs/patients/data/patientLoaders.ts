import DataLoader from 'dataloader'
import type { Patient, Visit } from '../generated/prisma/client'
import type { PatientsPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'

// The rows as Prisma's models name them. Enums are read as text, which is what Prisma gives too.
const PATIENT = `SELECT id, subject_number AS "subjectNumber", study_id AS "studyId", site_id AS "siteId",
  enrollment_status::text AS "enrollmentStatus", screening_date AS "screeningDate",
  enrollment_date AS "enrollmentDate", withdrawn_on AS "withdrawnOn", year_of_birth AS "yearOfBirth",
  sex::text AS sex, enrolling_investigator_id AS "enrollingInvestigatorId", assigned_crc_id AS "assignedCrcId",
  created_at AS "createdAt", updated_at AS "updatedAt", eligibility
  FROM patient`
const VISIT = `SELECT id, patient_id AS "patientId", visit_number AS "visitNumber", name,
  visit_type::text AS "visitType", scheduled_date AS "scheduledDate", actual_date AS "actualDate",
  window_start AS "windowStart", window_end AS "windowEnd", status::text AS status
  FROM visit`

/**
 * Per-request loaders for patients and their visits: one SQL statement per batch. The patient and
 * its visits are read in every full view and dashboard, so those three loaders go past Prisma's
 * query API (directReads.ts); single visits by id stay on Prisma.
 */
export function createPatientLoaders(prisma: PatientsPrisma) {
  return {
    patientById: new DataLoader<string, Patient | null>(async (ids) =>
      byKey(ids, await prisma.direct.rows<Patient>(`${PATIENT} WHERE id = ANY($1::uuid[])`, [ids]), (p) => p.id),
    ),
    patientBySubjectNumber: new DataLoader<string, Patient | null>(async (numbers) =>
      byKey(
        numbers,
        await prisma.direct.rows<Patient>(`${PATIENT} WHERE subject_number = ANY($1::text[])`, [numbers]),
        (p) => p.subjectNumber,
      ),
    ),
    visitById: new DataLoader<string, Visit | null>(async (ids) =>
      byKey(ids, await prisma.visit.findMany({ where: { id: { in: [...ids] } } }), (v) => v.id),
    ),
    visitsByPatient: new DataLoader<string, Visit[]>(async (patientIds) =>
      groupByKey(
        patientIds,
        await prisma.direct.rows<Visit>(
          `${VISIT} WHERE patient_id = ANY($1::uuid[]) ORDER BY patient_id, visit_number`,
          [patientIds],
        ),
        (v) => v.patientId,
      ),
    ),
  }
}
