// The demo EDC data: values that fit their forms, dates that could have been entered, a realistic
// share of soft-range findings, and the same output for the same options.
import { isoDay } from '../../calendar'
import { demoDataset, generateDemoDataset } from '../../index'
import { SMALL } from '../../__tests__/options'
import type { FormEntryRow } from '../formEntries'
import type { FormDefinition } from '../odmTypes'
import { hardProblem, outsideSoftRange } from './formChecks'

const dataset = demoDataset()
const { formDefinitions, eventDefs, formEntries } = dataset.edc
const visits = new Map(dataset.patients.visits.map((v) => [v.id, v]))
const patients = new Map(dataset.patients.patients.map((p) => [p.id, p]))
const definitionOf = (entry: FormEntryRow): FormDefinition =>
  formDefinitions.find((d) => d.studyId === entry.studyId && d.definition.oid === entry.formOid)!.definition

const valueCount = (entries: readonly FormEntryRow[]) =>
  entries.reduce(
    (sum, e) =>
      sum +
      Object.values(e.values).reduce(
        (n, rows) => n + rows.reduce((m, row) => m + Object.values(row).filter((v) => v !== null).length, 0),
        0,
      ),
    0,
  )

describe('demo EDC: definitions and schedule', () => {
  it('holds version 1 of every form of both studies and each study schedule', () => {
    expect(formDefinitions.map((d) => `${d.protocolId}/${d.definition.oid}`)).toEqual([
      'ONC-3017/F.DM',
      'ONC-3017/F.VS',
      'ONC-3017/F.CM',
      'ONC-3017/F.AE',
      'ONC-3017/F.NEURO',
      'ONC-3017/F.TNS',
      'ONC-3017/F.TA',
      'RHE-2204/F.DM',
      'RHE-2204/F.VS',
      'RHE-2204/F.CM',
      'RHE-2204/F.AE',
      'RHE-2204/F.DAS28',
    ])
    expect(formDefinitions.every((d) => d.version === 1)).toBe(true)
    expect(eventDefs).toHaveLength(12)
    for (const def of eventDefs)
      for (const oid of def.formOids)
        expect(formDefinitions.some((d) => d.studyId === def.studyId && d.definition.oid === oid)).toBe(true)
  })
})

describe('demo EDC: form entries', () => {
  it('belong to completed visits, on forms of the visit type, one per (visit, form)', () => {
    const ids = new Set(formEntries.map((e) => e.id))
    expect(ids.size).toBe(formEntries.length)
    expect(new Set(formEntries.map((e) => `${e.visitId}/${e.formOid}`)).size).toBe(formEntries.length)
    for (const entry of formEntries) {
      const visit = visits.get(entry.visitId)!
      const patient = patients.get(entry.patientId)!
      expect(visit.status).toBe('COMPLETED')
      expect(visit.patientId).toBe(patient.id)
      expect([entry.studyId, entry.siteId]).toEqual([patient.studyId, patient.siteId])
      const def = eventDefs.find((d) => d.studyId === entry.studyId && d.visitType === visit.visitType)!
      expect(def.formOids).toContain(entry.formOid)
      expect(entry.enteredAt.slice(0, 10)).toBe(visit.actualDate!.toISOString().slice(0, 10))
      expect(entry.definitionVersion).toBe(1)
    }
  })

  it('leaves about a tenth of the completed visits not yet entered, more of the recent ones', () => {
    const completed = dataset.patients.visits.filter((v) => v.status === 'COMPLETED')
    const entered = new Set(formEntries.map((e) => e.visitId))
    const share = completed.filter((v) => !entered.has(v.id)).length / completed.length
    expect(share).toBeGreaterThan(0.06)
    expect(share).toBeLessThan(0.16)
    const incomplete = formEntries.filter((e) => !e.complete).length / formEntries.length
    expect(incomplete).toBeGreaterThan(0.01)
    expect(incomplete).toBeLessThan(0.1)
  })

  it('is entered by a CRC of the patient site', () => {
    const crcsBySite = new Map<string, Set<string>>()
    for (const r of dataset.users.roleAssignments.filter((a) => a.role === 'CRC'))
      crcsBySite.set(r.siteId!, (crcsBySite.get(r.siteId!) ?? new Set()).add(r.userId))
    for (const entry of formEntries) expect(crcsBySite.get(entry.siteId)?.has(entry.enteredByUserId!)).toBe(true)
  })

  it('uses only groups and items of its form, with values its hard checks accept', () => {
    const problems: string[] = []
    for (const entry of formEntries) {
      const form = definitionOf(entry)
      const visitDay = isoDay(visits.get(entry.visitId)!.actualDate!.getTime() / 86_400_000)
      for (const [groupOid, rows] of Object.entries(entry.values)) {
        const group = form.itemGroups.find((g) => g.oid === groupOid)
        if (!group) problems.push(`${entry.formOid}: unknown group ${groupOid}`)
        else if (!group.repeating && rows.length !== 1) problems.push(`${groupOid}: ${rows.length} rows`)
        for (const row of rows)
          for (const [itemOid, value] of Object.entries(row)) {
            const item = group?.items.find((i) => i.oid === itemOid)
            if (!item) problems.push(`${groupOid}: unknown item ${itemOid}`)
            else if (value !== null) {
              // Dates no later than the visit: what was entered on its day could not be later.
              const problem = hardProblem(item, form.codeLists, value, visitDay)
              if (problem) problems.push(`${entry.id} ${itemOid}=${value}: ${problem}`)
            } else if (entry.complete && item.required) problems.push(`${entry.id} ${itemOid}: required but blank`)
          }
      }
    }
    expect(problems.slice(0, 20)).toEqual([])
  })

  it('keeps rows coherent: lists only under a Yes, ends after starts, diastolic below systolic', () => {
    for (const e of formEntries.filter((x) => x.complete)) {
      const v = e.values
      if (e.formOid === 'F.AE' || e.formOid === 'F.CM') {
        const [flag, rows, start, end] =
          e.formOid === 'F.AE'
            ? ['I.AEYN', v['IG.AE']!, 'I.AESTDAT', 'I.AEENDAT']
            : ['I.CMYN', v['IG.CM']!, 'I.CMSTDAT', 'I.CMENDAT']
        expect(Object.values(v)[0]![0]![flag]).toBe(rows.length > 0 ? 'Y' : 'N')
        for (const row of rows) if (row[end]) expect(row[end]! >= row[start]!).toBe(true)
        if (e.formOid === 'F.CM') for (const row of rows) expect(row['I.CMONGO']).toBe(row['I.CMENDAT'] ? 'N' : 'Y')
      }
      if (e.formOid === 'F.VS')
        expect(Number(v['IG.VS']![0]!['I.DIABP'])).toBeLessThan(Number(v['IG.VS']![0]!['I.SYSBP']))
    }
  })

  it('puts 1.5-4 % of the vital-sign values just outside their soft range', () => {
    let values = 0
    let outside = 0
    for (const entry of formEntries.filter((e) => e.formOid === 'F.VS')) {
      const items = definitionOf(entry).itemGroups[0]!.items.filter((i) => i.softRange)
      for (const item of items) {
        const value = entry.values['IG.VS']![0]![item.oid]
        if (value === null || value === undefined) continue
        values += 1
        if (outsideSoftRange(item, value)) outside += 1
      }
    }
    expect(outside / values).toBeGreaterThan(0.015)
    expect(outside / values).toBeLessThan(0.04)
  })

  it('stays small enough to seed quickly', () => {
    expect(valueCount(formEntries)).toBeLessThan(40_000)
    expect(valueCount(formEntries)).toBeGreaterThan(25_000)
  })

  it('is deterministic', () => {
    const first = generateDemoDataset(SMALL).edc
    expect(first.formEntries.length).toBeGreaterThan(100)
    expect(JSON.stringify(generateDemoDataset(SMALL).edc)).toBe(JSON.stringify(first))
  })
})
