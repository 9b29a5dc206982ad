import { storedAlertCount } from './support/storedAlerts'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { zipEntries } from '../test/support/zipEntries'
import { parse as parseCsv } from 'csv-parse/sync'
import { XMLParser } from 'fast-xml-parser'
import { demoDataset } from '../demo-data'
import { validateOdm } from '../test/support/odmSchema'
import { validateFhirResource } from '../test/support/fhirSchema'
import { crcAt } from '../test/support/demoAccounts'
import { diaryEntryInput } from '../test/support/diaryEntryInput'
import { operation } from './support/operations'
import { directIdentifierPatterns } from './support/directIdentifiers'
import { studyExports } from './support/studyExports'
import { startSupergraphUnderTest, DEFAULT_E2E_ACCOUNT, type SupergraphUnderTest } from './support/supergraphUnderTest'

// Exports of the demo study ONC-3017 (400 subjects) through the real gateway as its data manager:
// every format validated against its official schema, the identified ODM round-tripped against the
// stored values, and no direct identifier of the seeded data anywhere in a de-identified export.
jest.setTimeout(600_000)

const data = demoDataset()
const study = data.studies.studies.find((s) => s.protocolId === 'ONC-3017')!
const site = data.studies.sites.find((s) => s.studyId === study.id)!
const crc = crcAt(site.id)
let supergraph: SupergraphUnderTest
let dir: string

// A Vital Signs form entered and corrected through the API, so audit records exist to export.
const entered = new Set(data.edc.formEntries.map((e) => `${e.visitId}:${e.formOid}`))
const visit = data.patients.visits.find((v) => {
  const p = data.patients.patients.find((x) => x.id === v.patientId)
  return (
    p?.siteId === site.id && v.status === 'COMPLETED' && v.visitType === 'TREATMENT' && !entered.has(`${v.id}:F.VS`)
  )
})!
// An enrolled subject of the site whose diary is open (as auditTrail.test.ts picks one).
const diarist = data.patients.patients.find((p) => p.siteId === site.id && p.enrollmentStatus === 'ENROLLED')!
const SAVE = `mutation($input: SaveFormDataInput!) { saveFormData(input: $input) { form { id version } } }`

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-e2e-'))
  supergraph = await startSupergraphUnderTest({ account: DEFAULT_E2E_ACCOUNT, gatewayEnv: { RATE_LIMITS: 'off' } })
  const values = [
    ['I.VSDAT', visit.actualDate!.toISOString().slice(0, 10)],
    ['I.VSPOS', 'SITTING'],
    ['I.SYSBP', '131'],
    ['I.DIABP', '84'],
    ['I.PULSE', '70'],
    ['I.TEMP', '36.9'],
    ['I.WEIGHT', '70.1'],
  ].map(([item, value]) => ({ group: 'IG.VS', item, value }))
  const first = await supergraph.post(
    SAVE,
    { input: { visitId: visit.id, formOid: 'F.VS', expectedVersion: 0, values } },
    { as: crc },
  )
  expect(first.body.errors).toBeUndefined()
  const second = await supergraph.post(
    SAVE,
    {
      input: {
        visitId: visit.id,
        formOid: 'F.VS',
        expectedVersion: 1,
        values: [{ group: 'IG.VS', item: 'I.SYSBP', value: '113' }],
      },
    },
    { as: crc },
  )
  expect(second.body.errors).toBeUndefined()
  // A pain-9 diary entry: a safety alert, exported as an AdverseEvent.
  const diary = await supergraph.post(
    operation('SubmitEproEntry'),
    { input: diaryEntryInput(diarist.id, 9) },
    { as: crc },
  )
  expect(diary.body.errors).toBeUndefined()
  // The pipeline's first alert (epro's consumer joins a new Kafka group first): slow on a loaded machine.
  expect(await storedAlertCount(supergraph, site.id, 120_000)).toBeGreaterThan(0)
})
afterAll(async () => {
  await supergraph?.stop()
  if (dir) fs.rmSync(dir, { recursive: true, force: true })
})

const { exportRequest, runWholeExport, exportAs } = studyExports(() => ({ supergraph, dir }), {
  protocolId: 'ONC-3017',
  subjects: data.patients.patients.filter((p) => p.studyId === study.id).length,
})

const directIdentifiers = directIdentifierPatterns(data, study.id)
function expectNoDirectIdentifier(name: string, text: string) {
  const found = directIdentifiers.found(text)
  expect({ name, found }).toEqual({ name, found: [] })
}

describe.each(['identified', 'sponsor', 'regulator'] as const)('the %s profile', (profile) => {
  it('ODM 1.3.2 (with audit records where the profile keeps them): valid against the XSD', async () => {
    const xml = fs.readFileSync(await exportAs('odm', profile, true), 'utf8')
    expect(await validateOdm(xml)).toEqual({ valid: true, errors: [] })
    expect(xml).toContain(profile === 'regulator' ? 'FileType="Snapshot"' : 'FileType="Transactional"')
    // The corrected systolic value's history (entered, then changed) is in it, unless years only.
    const auditRecords = (xml.match(/<AuditRecord>/g) ?? []).length
    if (profile === 'regulator') expect(auditRecords).toBe(0)
    else expect(auditRecords).toBeGreaterThan(0)
    if (profile !== 'regulator')
      expect(xml).toMatch(/<ItemData ItemOID="I.SYSBP" TransactionType="Update" Value="113"><AuditRecord>/)
    if (profile !== 'identified') expectNoDirectIdentifier('odm', xml)
  })

  it('FHIR R4: the Bundle and every resource valid against the FHIR R4 JSON schema', async () => {
    const bundle = JSON.parse(fs.readFileSync(await exportAs('fhir', profile), 'utf8')) as {
      entry: { resource: Record<string, unknown> }[]
    }
    const { entry, ...bundleOnly } = bundle
    expect(validateFhirResource({ ...bundleOnly, entry: entry.slice(0, 50) })).toEqual([])
    const errors = entry.flatMap((e) => validateFhirResource(e.resource))
    expect(errors.slice(0, 10)).toEqual([])
    const types = new Set(entry.map((e) => e.resource.resourceType))
    expect([...types].sort()).toEqual([
      'AdverseEvent',
      'Observation',
      'Patient',
      'QuestionnaireResponse',
      'ResearchStudy',
      'ResearchSubject',
    ])
    if (profile !== 'identified') expectNoDirectIdentifier('fhir', JSON.stringify(bundle))
  })

  it.each(['csv', 'json'])('%s: one file per dataset and per form, with a data dictionary', async (format) => {
    const files = await zipEntries(await exportAs(format, profile, profile !== 'regulator'))
    const ext = format === 'csv' ? 'csv' : 'ndjson'
    const names = [...files.keys()].sort()
    expect(names).toEqual(
      expect.arrayContaining(
        ['subjects', 'labs', 'diaries', 'alerts', 'data_dictionary', 'form_F.VS', 'form_F.DM'].map(
          (n) => `${n}.${ext}`,
        ),
      ),
    )
    const rows = (name: string) => {
      const text = files.get(`${name}.${ext}`)!
      return format === 'csv'
        ? (parseCsv(text, { columns: true }) as Record<string, string>[])
        : text
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>)
    }
    expect(rows('subjects')).toHaveLength(data.patients.patients.filter((p) => p.studyId === study.id).length)
    const dictionary = rows('data_dictionary')
    for (const [file] of files) {
      if (file.startsWith('data_dictionary')) continue
      const dataset = file.replace(/\.(csv|ndjson)$/, '')
      expect(dictionary.some((d) => d.DATASET === dataset)).toBe(true)
    }
    if (profile !== 'identified') for (const [file, text] of files) expectNoDirectIdentifier(file, text)
  })
})

it('the identified ODM export round-trips: parsed back, every value equals the stored one', async () => {
  const xml = fs.readFileSync(await runWholeExport(exportRequest('odm', 'identified', false, 'round-trip')), 'utf8')
  const parsed = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    isArray: (n) => ['SubjectData', 'StudyEventData', 'FormData', 'ItemGroupData', 'ItemData'].includes(n),
  }).parse(xml)
  const exported = new Map<string, string | null>()
  for (const s of parsed.ODM.ClinicalData.SubjectData as { SubjectKey: string; StudyEventData?: any[] }[])
    for (const e of s.StudyEventData ?? [])
      for (const f of e.FormData ?? [])
        for (const g of f.ItemGroupData ?? [])
          for (const i of g.ItemData ?? [])
            exported.set(
              `${s.SubjectKey}|${e.StudyEventOID}.${e.StudyEventRepeatKey ?? ''}|${f.FormOID}|${g.ItemGroupOID}|${g.ItemGroupRepeatKey}|${i.ItemOID}`,
              i.IsNull === 'Yes' ? null : String(i.Value),
            )
  // The stored values, read with this test's own query (not the exporter's), subject by subject.
  const schedule = new Map(
    data.studies.visitDefinitions.filter((d) => d.studyId === study.id).map((d) => [d.name, `SE.${d.code}`]),
  )
  const stored = new Map<string, string | null>()
  const eventOf = (v: { name: string; visitType: string }, unscheduled: () => number) =>
    v.visitType !== 'UNSCHEDULED' && schedule.has(v.name)
      ? `${schedule.get(v.name)}.`
      : `SE.UNSCHEDULED.${unscheduled()}`
  for (const p of data.patients.patients.filter((x) => x.siteId === site.id)) {
    const { body } = await supergraph.post(
      `query($id: ID!) { patient(id: $id) { subjectNumber visits { id name visitType forms { formOid values { group row item value } } } } }`,
      { id: p.id },
    )
    expect(body.errors).toBeUndefined()
    let n = 0
    for (const v of body.data!.patient.visits) {
      const event = eventOf(v, () => ++n)
      for (const f of v.forms)
        for (const x of f.values)
          stored.set(`${p.subjectNumber}|${event}|${f.formOid}|${x.group}|${x.row}|${x.item}`, x.value)
      if (v.id === visit.id) expect(stored.get(`${p.subjectNumber}|${event}|F.VS|IG.VS|1|I.SYSBP`)).toBe('113')
    }
  }
  expect(stored.size).toBeGreaterThan(100)
  const mismatches = [...stored].filter(([key, value]) => exported.get(key) !== value)
  expect(mismatches.slice(0, 5)).toEqual([])
})

/** `npm run export -- <args>`, as a child process. */
const exportCli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/export.ts', ...args], {
    env: { ...process.env, ...env },
  })

it('npm run export: the CLI signs a sponsor in, runs an export job, shows progress and downloads a valid ODM file', async () => {
  const sponsor = data.users.users.find((u) =>
    data.users.roleAssignments.some(
      (r) => r.userId === u.id && r.role === 'SPONSOR' && r.studyId === study.id && r.siteId === null && !r.revokedAt,
    ),
  )!.email
  const out = path.join(dir, 'cli.xml')
  const { stdout } = await exportCli(
    [
      '--study',
      'ONC-3017',
      '--format',
      'odm',
      '--profile',
      'sponsor',
      '--out',
      out,
      '--gateway',
      supergraph.gatewayUrl,
    ],
    { EXPORT_EMAIL: sponsor },
  )
  expect(stdout).toMatch(/Export job [0-9a-f-]{36} queued/)
  expect(stdout).toMatch(/subjects 400\/400/)
  expect(stdout).toMatch(/Exported 400 subjects of ONC-3017 \(sponsor, odm\)/)
  expect((await validateOdm(fs.readFileSync(out, 'utf8'))).valid).toBe(true)
})

it('npm run export with a format it does not know: a clear message, exit code 2, nothing written', async () => {
  const out = path.join(dir, 'bad.pdf')
  await expect(
    exportCli(['--study', 'ONC-3017', '--format', 'pdf', '--profile', 'sponsor', '--out', out]),
  ).rejects.toMatchObject({
    code: 2,
    stderr: expect.stringContaining('--format must be one of odm, csv, json, fhir.'),
  })
  expect(fs.existsSync(out)).toBe(false)
})

// Last: it stops a subgraph.
it('a context down while exporting: the export fails naming what was missing, and leaves no file behind', async () => {
  await supergraph.processes.subgraphs.labs.stop()
  await expect(runWholeExport(exportRequest('csv', 'sponsor', false, 'labs-down.zip'))).rejects.toThrow(
    /did not answer completely \(HTTP 200, asked 4 times\): SERVICE_UNAVAILABLE.*The labs service is unavailable/,
  )
  expect(fs.readdirSync(dir).filter((f) => f.startsWith('labs-down'))).toEqual([])
})
