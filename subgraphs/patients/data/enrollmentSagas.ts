import DataLoader from 'dataloader'
import type { EnrollmentSaga, EnrollmentSagaTransition, Prisma } from '../generated/prisma/client'
import type { PatientsPrisma } from './prismaClient'

export type SagaRow = EnrollmentSaga
export type SagaWithHistory = EnrollmentSaga & { transitions: EnrollmentSagaTransition[] }
export type PatientsTransaction = Prisma.TransactionClient

/** Each patient's latest enrollment attempt with its history (one statement per batch of patients). */
export function createEnrollmentLoaders(prisma: PatientsPrisma) {
  return {
    latestEnrollmentByPatient: new DataLoader<string, SagaWithHistory | null>(async (patientIds) => {
      const rows = await prisma.enrollmentSaga.findMany({
        where: { patientId: { in: [...patientIds] } },
        orderBy: { attempt: 'desc' },
        distinct: ['patientId'],
        include: { transitions: { orderBy: { version: 'asc' } } },
      })
      const byPatient = new Map(rows.map((r) => [r.patientId, r]))
      return patientIds.map((id) => byPatient.get(id) ?? null)
    }),
  }
}

/**
 * The saga row, locked for the rest of the transaction: a reply, the timeout sweeper and a retry
 * of enrollPatient take turns on one saga, so each decides from the state the previous one left.
 */
export async function lockSaga(tx: PatientsTransaction, sagaId: string): Promise<LockedSaga | null> {
  const [row] = await tx.$queryRaw<LockedSaga[]>`
    SELECT id, patient_id AS "patientId", attempt, state, slot, kit, study_id AS "studyId", site_id AS "siteId",
      to_char(enrollment_date, 'YYYY-MM-DD') AS "enrollmentDate", failure_code AS "failureCode", version,
      started_at AS "startedAt"
    FROM enrollment_saga WHERE id = ${sagaId}::uuid FOR UPDATE`
  return row ?? null
}

export type LockedSaga = Pick<
  SagaRow,
  | 'id'
  | 'patientId'
  | 'attempt'
  | 'state'
  | 'slot'
  | 'kit'
  | 'studyId'
  | 'siteId'
  | 'failureCode'
  | 'version'
  | 'startedAt'
> & { enrollmentDate: string }

/**
 * Sagas whose step is overdue, locked; those another instance's sweeper holds are skipped (any
 * overdue saga will do, and two sweepers never take the same one).
 */
export async function lockOverdueSagas(tx: PatientsTransaction, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM enrollment_saga
    WHERE state NOT IN ('ENROLLED', 'FAILED') AND step_deadline_at < now()
    ORDER BY step_deadline_at LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`
  return rows.map((r) => r.id)
}
