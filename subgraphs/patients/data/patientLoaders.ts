import DataLoader from 'dataloader'
import type { Patient, Visit } from '../generated/prisma/client'
import type { PatientsPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'

/** Per-request loaders for patients and their visits: one SQL statement per batch. */
export function createPatientLoaders(prisma: PatientsPrisma) {
  return {
    patientById: new DataLoader<string, Patient | null>(async (ids) =>
      byKey(ids, await prisma.patient.findMany({ where: { id: { in: [...ids] } } }), (p) => p.id),
    ),
    patientBySubjectNumber: new DataLoader<string, Patient | null>(async (numbers) =>
      byKey(
        numbers,
        await prisma.patient.findMany({ where: { subjectNumber: { in: [...numbers] } } }),
        (p) => p.subjectNumber,
      ),
    ),
    visitById: new DataLoader<string, Visit | null>(async (ids) =>
      byKey(ids, await prisma.visit.findMany({ where: { id: { in: [...ids] } } }), (v) => v.id),
    ),
    visitsByPatient: new DataLoader<string, Visit[]>(async (patientIds) =>
      groupByKey(
        patientIds,
        await prisma.visit.findMany({
          where: { patientId: { in: [...patientIds] } },
          orderBy: [{ patientId: 'asc' }, { visitNumber: 'asc' }],
        }),
        (v) => v.patientId,
      ),
    ),
  }
}
