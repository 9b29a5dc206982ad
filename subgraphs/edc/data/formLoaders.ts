import DataLoader from 'dataloader'
import type { RowCache } from '../../../subgraph-runtime/database/rowCache'
import type { EventForm, FormData, FormDefinition, ItemData, StudyEvent, Subject } from '../generated/prisma/client'
import type { EdcPrisma } from './prismaClient'
import { byKey, groupByKey } from '../../../platform/loaders/batching'
import { definitionRows } from './definitionRows'
import { compareItems } from './itemOrder'
import { FORM_DATA, ITEM_DATA, STUDY_EVENT } from './rowSelects'
import { readThrough } from '../../../subgraph-runtime/database/cachedRows'

/** Per-request loaders for definitions, visits and form data: one SQL statement per batch. */
export function createFormLoaders(prisma: EdcPrisma, subjectRows?: RowCache<Subject>) {
  const readSubjects = (ids: readonly string[]) => prisma.subject.findMany({ where: { patientId: { in: [...ids] } } })
  const loadSubjects = readThrough(subjectRows, readSubjects)
  return {
    subjectById: new DataLoader<string, Subject | null>(async (ids) =>
      byKey(ids, await loadSubjects(ids), (s) => s.patientId),
    ),
    studyEventById: new DataLoader<string, StudyEvent | null>(async (ids) =>
      byKey(ids, await prisma.studyEvent.findMany({ where: { visitId: { in: [...ids] } } }), (e) => e.visitId),
    ),
    // Past Prisma's query API (directReads.ts): every casebook's overdue count reads a patient's visits.
    studyEventsByPatient: new DataLoader<string, StudyEvent[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.direct.rows<StudyEvent>(`${STUDY_EVENT} WHERE patient_id = ANY($1::uuid[])`, [ids]),
        (e) => e.patientId,
      ),
    ),
    definitionById: new DataLoader<string, FormDefinition | null>((ids) =>
      definitionRows(ids, (missing) => prisma.formDefinition.findMany({ where: { id: { in: missing } } })),
    ),
    /** Every version of every form of a study, oldest version first. */
    definitionsByStudy: new DataLoader<string, FormDefinition[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.formDefinition.findMany({
          where: { studyId: { in: [...ids] } },
          orderBy: [{ formOid: 'asc' }, { version: 'asc' }],
        }),
        (d) => d.studyId,
      ),
    ),
    eventFormsByStudy: new DataLoader<string, EventForm[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.eventForm.findMany({ where: { studyId: { in: [...ids] } }, orderBy: { ordinal: 'asc' } }),
        (f) => f.studyId,
      ),
    ),
    formDataById: new DataLoader<string, FormData | null>(async (ids) =>
      byKey(ids, await prisma.formData.findMany({ where: { id: { in: [...ids] } } }), (f) => f.id),
    ),
    // The forms of a visit and of a patient, and their values, are read past Prisma's query API
    // (directReads.ts): every full view and dashboard reads them.
    formDataByVisit: new DataLoader<string, FormData[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.direct.rows<FormData>(`${FORM_DATA} WHERE visit_id = ANY($1::uuid[])`, [ids]),
        (f) => f.visitId,
      ),
    ),
    formDataByPatient: new DataLoader<string, FormData[]>(async (ids) =>
      groupByKey(
        ids,
        await prisma.direct.rows<FormData>(`${FORM_DATA} WHERE patient_id = ANY($1::uuid[])`, [ids]),
        (f) => f.patientId,
      ),
    ),
    itemsByForm: new DataLoader<string, ItemData[]>(async (ids) =>
      groupByKey(
        ids,
        // Sorted here, not by the database's collation: a save's answer builds the same list itself.
        (await prisma.direct.rows<ItemData>(`${ITEM_DATA} WHERE form_data_id = ANY($1::uuid[])`, [ids])).sort(
          compareItems,
        ),
        (i) => i.formDataId,
      ),
    ),
  }
}
