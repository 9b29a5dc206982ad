import { XMLParser } from 'fast-xml-parser'
import { validateOdm } from '../../../test/support/odmSchema'
import { createDeidentifier } from '../deidentify/deidentifier'
import { PROFILES } from '../deidentify/profiles'
import { recipientKey } from '../deidentify/pseudonym'
import { odm132 } from '../formats/odm132'
import { collect, headerFor, sampleStudy, storedSubject, streamOf } from './sampleStudy'

const subjects = [storedSubject(1), storedSubject(2)]
const odm = async (includeAudit: boolean, profile: keyof typeof PROFILES = 'identified') => {
  const d = createDeidentifier(PROFILES[profile], recipientKey('k'.repeat(40), 'r'))
  const study = d.metadata(
    sampleStudy,
    new Map([
      ['LOC.101', 10],
      ['LOC.102', 1],
    ]),
  )
  const header = headerFor({ includeAudit, profile, deidentified: PROFILES[profile].deidentified })
  return (
    await collect((out) => odm132.write(header, study, streamOf(subjects.map((s) => d.subject(s))), out))
  ).toString('utf8')
}

it.each([
  ['identified, snapshot', false, 'identified'],
  ['identified, with audit records (transactional)', true, 'identified'],
  ['sponsor, with pseudonymous audit records', true, 'sponsor'],
  ['regulator', false, 'regulator'],
] as const)('%s: valid against the ODM 1.3.2 XSD', async (_name, audit, profile) => {
  const xml = await odm(audit, profile)
  expect(await validateOdm(xml)).toEqual({ valid: true, errors: [] })
})

it('the validator refuses what the schema forbids: misordered elements, a wrong enumeration, a missing required attribute', async () => {
  const xml = await odm(true)
  const broken = [
    // AdminData after ClinicalData
    xml.replace(/(<AdminData[\s\S]*?<\/AdminData>\n)([\s\S]*<\/ClinicalData>\n)/, '$2$1'),
    xml.replace('Repeating="No" Type="Scheduled"', 'Repeating="Sometimes" Type="Scheduled"'),
    xml.replace(/<SubjectData SubjectKey="[^"]+"/, '<SubjectData'),
    xml.replace('<DateTimeStamp>2026-03-10T10:00:00.000Z', '<DateTimeStamp>10 March 2026'),
  ]
  for (const file of broken) {
    expect(file).not.toBe(xml)
    expect((await validateOdm(file)).valid).toBe(false)
  }
})

it('round-trips: parsed back, the last transaction of every value is the stored value, with its audit records', async () => {
  const xml = await odm(true)
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (name) =>
      ['SubjectData', 'StudyEventData', 'FormData', 'ItemGroupData', 'ItemData', 'User'].includes(name),
  }).parse(xml)
  const clinical = parsed.ODM.ClinicalData
  expect(clinical.SubjectData.map((s: { SubjectKey: string }) => s.SubjectKey)).toEqual([
    'TEST-1-101-0001',
    'TEST-1-101-0002',
  ])
  const values = new Map<string, { Value?: string; IsNull?: string; AuditRecord?: { ReasonForChange?: string } }[]>()
  for (const event of clinical.SubjectData[0].StudyEventData)
    for (const form of event.FormData)
      for (const group of form.ItemGroupData)
        for (const item of group.ItemData)
          values.set(`${group.ItemGroupRepeatKey}:${item.ItemOID}`, [
            ...(values.get(`${group.ItemGroupRepeatKey}:${item.ItemOID}`) ?? []),
            item,
          ])
  for (const form of subjects[0]!.record.visits[0]!.forms) {
    for (const v of form.values) {
      const history = values.get(`${v.groupRepeatKey}:${v.itemOid}`)!
      const last = history[history.length - 1]!
      expect(last.IsNull === 'Yes' ? null : last.Value).toBe(v.value)
      expect(history).toHaveLength(Math.max(1, v.audit.length))
    }
  }
  expect(values.get('1:I.SYSBP')!.map((i) => i.AuditRecord?.ReasonForChange)).toEqual([
    undefined,
    'Transcription error, per Ingrid',
  ])
  expect(parsed.ODM.AdminData.User[0].Email).toBe('ingrid.nilsson@example.org')
})

it('de-identified: no subject number, staff name, e-mail, reason or free text; the small site pooled', async () => {
  const xml = await odm(true, 'sponsor')
  for (const identifier of [
    'TEST-1-101-0001',
    'Ingrid',
    'Nilsson',
    'ingrid.nilsson@example.org',
    'Jane',
    '555-0100',
    'Transcription',
    'Small Clinic',
  ])
    expect(xml).not.toContain(identifier)
  expect(xml).toContain('LOC.POOLED')
  expect(xml).toMatch(/SubjectKey="S-[0-9A-Z]{12}"/)
})
