import type { Prisma } from '../generated/prisma/client'
import type { FormValues } from '../definitions/formDefinition'
import type { PublishedDefinition } from './publishDefinition'
import { runEditChecks } from '../checks/runEditChecks'
import { formIdOf, itemIdOf } from './formIdentity'
import { uuidFromName } from '../../../platform/ids'

interface DemoInput {
  patients: readonly { id: string; studyId: string; siteId: string }[]
  visits: readonly { id: string; patientId: string; visitType: string; actualDate: Date | null }[]
  definitions: readonly PublishedDefinition[]
  eventForms: readonly { studyId: string; visitType: string; formOid: string; ordinal: number }[]
  entries: readonly {
    visitId: string
    formOid: string
    complete: boolean
    values: FormValues
    enteredByUserId: string | null
    enteredAt: string
  }[]
}

const SYSTEM = 'SYSTEM'

/**
 * The rows of the demo casebooks: every visit gets the forms its visit type has (not started until
 * the site enters them), entered forms their values, and every soft edit-check finding on them an
 * open query with the check's message — exactly what saving them through the API would have left.
 */
export function demoForms(input: DemoInput) {
  const patientById = new Map(input.patients.map((p) => [p.id, p]))
  const definitionOf = new Map(input.definitions.map((d) => [`${d.studyId}:${d.formOid}`, d]))
  const entryOf = new Map(input.entries.map((e) => [`${e.visitId}:${e.formOid}`, e]))
  const baselineVisit = new Map(input.visits.filter((v) => v.visitType === 'BASELINE').map((v) => [v.patientId, v.id]))
  const forms: Prisma.FormDataCreateManyInput[] = []
  const items: Prisma.ItemDataCreateManyInput[] = []
  const queries: Prisma.DataQueryCreateManyInput[] = []
  const messages: Prisma.QueryMessageCreateManyInput[] = []
  for (const visit of input.visits) {
    const patient = patientById.get(visit.patientId)
    if (!patient) continue
    for (const ef of input.eventForms) {
      if (ef.studyId !== patient.studyId || ef.visitType !== visit.visitType) continue
      const definition = definitionOf.get(`${patient.studyId}:${ef.formOid}`)
      if (!definition) continue
      const id = formIdOf(visit.id, ef.formOid)
      const entry = entryOf.get(`${visit.id}:${ef.formOid}`)
      const at = entry ? new Date(entry.enteredAt) : (visit.actualDate ?? new Date(0))
      forms.push({
        id,
        visitId: visit.id,
        patientId: patient.id,
        studyId: patient.studyId,
        siteId: patient.siteId,
        formOid: ef.formOid,
        ordinal: ef.ordinal,
        definitionId: definition.id,
        status: !entry ? ('NOT_STARTED' as const) : entry.complete ? ('COMPLETE' as const) : ('IN_PROGRESS' as const),
        version: entry ? 1 : 0,
        completedAt: entry?.complete ? at : null,
        updatedAt: at,
        updatedBy: entry?.enteredByUserId ?? null,
      })
      if (!entry) continue
      for (const [group, rows] of Object.entries(entry.values))
        rows.forEach((row, index) => {
          for (const [item, value] of Object.entries(row))
            if (value !== null)
              items.push({
                id: itemIdOf(id, group, index + 1, item),
                formDataId: id,
                groupOid: group,
                row: index + 1,
                itemOid: item,
                value,
                updatedAt: at,
                updatedBy: entry.enteredByUserId,
              })
        })
      const baselineId = baselineVisit.get(patient.id)
      const baseline = baselineId && baselineId !== visit.id ? entryOf.get(`${baselineId}:${ef.formOid}`) : undefined
      const { findings } = runEditChecks({
        form: definition.definition,
        values: entry.values,
        baseline: baseline?.values ?? null,
        completing: entry.complete,
        today: at.toISOString().slice(0, 10),
      })
      const hard = findings.find((f) => f.severity === 'HARD')
      // The demo data is what a site could have saved: a value a hard check refuses is a bug in it.
      if (hard) throw new Error(`demo form ${ef.formOid} of visit ${visit.id}: ${hard.checkId}: ${hard.message}`)
      for (const f of findings) {
        if (f.severity !== 'SOFT') continue
        const queryId = uuidFromName(`edc-demo-query:${id}:${f.checkId}:${f.group}:${f.row}:${f.item}`)
        queries.push({
          id: queryId,
          formDataId: id,
          patientId: patient.id,
          studyId: patient.studyId,
          siteId: patient.siteId,
          groupOid: f.group,
          row: f.row,
          itemOid: f.item,
          origin: 'EDIT_CHECK' as const,
          checkId: f.checkId,
          status: 'OPEN' as const,
          openedAt: at,
          openedBy: null,
          updatedAt: at,
        })
        messages.push({
          id: uuidFromName(`edc-demo-query-open:${queryId}`),
          queryId,
          action: 'OPEN' as const,
          text: f.message,
          authorUserId: null,
          authorRole: SYSTEM,
          createdAt: at,
        })
      }
    }
  }
  return { forms, items, queries, messages }
}
