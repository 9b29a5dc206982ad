// The demo case report forms: valid definitions, and a schedule that names only existing forms.
import { EVENT_DEFS } from '../eventDefs'
import { FORM_LIBRARY } from '../formLibrary'
import { definitionProblems } from './formChecks'

const studies = Object.entries(FORM_LIBRARY)

describe('FORM_LIBRARY', () => {
  it.each(studies)('%s: every definition is valid and self-consistent', (_protocolId, forms) => {
    expect(forms.flatMap(definitionProblems)).toEqual([])
    expect(new Set(forms.map((f) => f.oid)).size).toBe(forms.length)
  })

  it('marks the primary endpoints and the AE grade and seriousness critical', () => {
    const critical = (protocolId: string) =>
      FORM_LIBRARY[protocolId]!.flatMap((f) => f.itemGroups.flatMap((g) => g.items))
        .filter((i) => i.critical)
        .map((i) => i.oid)
    expect(critical('ONC-3017')).toEqual(expect.arrayContaining(['I.PAINAVG', 'I.AETOXGR', 'I.AESER']))
    expect(critical('RHE-2204')).toEqual(expect.arrayContaining(['I.TJC28', 'I.SJC28', 'I.CRP', 'I.PTGA', 'I.AESER']))
  })

  it('states UCUM units and both ranges for the vital signs', () => {
    const vs = FORM_LIBRARY['ONC-3017']!.find((f) => f.oid === 'F.VS')!.itemGroups[0]!.items
    const sys = vs.find((i) => i.oid === 'I.SYSBP')!
    expect(sys).toMatchObject({ unit: 'mm[Hg]', softRange: { min: 90, max: 160 }, hardRange: { min: 40, max: 300 } })
    expect(vs.find((i) => i.oid === 'I.TEMP')).toMatchObject({ unit: 'Cel', dataType: 'DECIMAL', precision: 1 })
  })
})

describe('EVENT_DEFS', () => {
  it.each(studies)('%s: names only forms of its study, and uses every form', (protocolId, forms) => {
    const defs = EVENT_DEFS[protocolId]!
    const used = defs.flatMap((d) => d.formOids)
    const known = new Set(forms.map((f) => f.oid))
    expect(used.filter((oid) => !known.has(oid))).toEqual([])
    expect([...known].filter((oid) => !used.includes(oid))).toEqual([])
    for (const def of defs) expect(new Set(def.formOids).size).toBe(def.formOids.length)
    expect(defs.map((d) => d.visitType)).toEqual([
      'SCREENING',
      'BASELINE',
      'TREATMENT',
      'FOLLOW_UP',
      'END_OF_STUDY',
      'UNSCHEDULED',
    ])
  })
})
