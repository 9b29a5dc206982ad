import { demoDataset } from '../../demo-data'
import type { StoredSubject } from '../../subgraphs/exports/deidentify/deidentifier'
import type { FormMeta, ItemMeta, StudyMetadata, SubjectRecord } from '../../subgraphs/exports/formats/exportModel'
import type { SubjectSource } from '../../subgraphs/exports/runExport'

/**
 * A study of any size for the export benchmark, generated as it is read (so generating costs no
 * memory): the demo study's real case report forms (ONC-3017's seven, with their code lists and
 * units) over ten visits of three forms each — 30 forms a subject — repeating groups with two
 * rows, 20 lab results, 60 diary entries and an alert per subject, 20 sites. Deterministic.
 */
export const FORMS_PER_SUBJECT = 30
const VISITS = 10
const SITES = 20

export interface GeneratedCounts {
  subjects: number
  /** Rows of the tabular datasets: subjects, form rows (per item-group repeat), labs, diaries, alerts. */
  rows: number
  values: number
}

function studyMetadata(): StudyMetadata {
  const defs = demoDataset().edc.formDefinitions.filter((f) => f.protocolId === 'ONC-3017')
  const forms: FormMeta[] = defs.map((f) => ({
    oid: f.definition.oid,
    name: f.definition.name,
    version: f.version,
    groups: f.definition.itemGroups.map((g) => ({
      oid: g.oid,
      name: g.name,
      repeating: g.repeating,
      items: g.items.map((i): ItemMeta => ({
        oid: i.oid,
        label: i.label,
        dataType: i.dataType,
        unit: i.unit ?? null,
        maxLength: i.maxLength ?? null,
        precision: null,
        codeListOid: i.codeListOid ?? null,
      })),
    })),
  }))
  const codeLists = defs.flatMap((f) =>
    f.definition.codeLists.map((l) => ({
      oid: l.oid,
      name: l.name,
      items: l.items.map((i) => ({ codedValue: i.codedValue, decode: i.decode })),
    })),
  )
  const events = Array.from({ length: VISITS }, (_, v) => ({
    oid: `SE.V${v + 1}`,
    name: `Visit ${v + 1}`,
    repeating: false,
    formOids: [0, 1, 2].map((k) => forms[(v * 3 + k) % forms.length]!.oid),
  }))
  const sites = Array.from({ length: SITES }, (_, s) => ({
    oid: `LOC.${100 + s}`,
    siteNumber: String(100 + s),
    name: `Site ${100 + s}`,
    country: 'GB',
  }))
  return {
    oid: 'S.BENCH-1',
    protocolId: 'BENCH-1',
    title: 'Generated study',
    sponsorName: 'Bench Sponsor',
    events,
    forms,
    codeLists: uniqueByOid(codeLists),
    sites,
  }
}

const uniqueByOid = <T extends { oid: string }>(list: T[]) => [...new Map(list.map((x) => [x.oid, x])).values()]

// A small deterministic generator (mulberry32): the same study every run.
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const day = (base: number, offset: number) => new Date(base + offset * 86_400_000).toISOString().slice(0, 10)

export function generatedStudy(
  subjectCount: number,
  options: { audit: boolean },
): SubjectSource & { counts: GeneratedCounts } {
  const metadata = studyMetadata()
  const forms = new Map(metadata.forms.map((f) => [f.oid, f]))
  const codes = new Map(metadata.codeLists.map((l) => [l.oid, l.items.map((i) => i.codedValue)]))
  const counts: GeneratedCounts = { subjects: 0, rows: 0, values: 0 }
  const subjectsPerSite = new Map(
    metadata.sites.map((s, i) => [s.oid, Math.floor(subjectCount / SITES) + (i < subjectCount % SITES ? 1 : 0)]),
  )
  const person = {
    oid: 'U.00000000-0000-4000-8000-00000000aaaa',
    displayName: 'Dana Bench',
    givenName: 'Dana',
    familyName: 'Bench',
    email: 'dana.bench@example.org',
    organization: 'Bench Site',
  }

  function subject(n: number): StoredSubject {
    const rnd = random(n + 1)
    const start = Date.UTC(2025, 0, 1) + Math.floor(rnd() * 365) * 86_400_000
    const siteOid = metadata.sites[n % SITES]!.oid
    const value = (item: ItemMeta, visit: number): string | null => {
      switch (item.dataType) {
        case 'INTEGER':
          return String(Math.floor(rnd() * 200))
        case 'DECIMAL':
          return (rnd() * 100).toFixed(1)
        case 'DATE':
          return day(start, visit * 14)
        case 'PARTIAL_DATE':
          return day(start, -Math.floor(rnd() * 900)).slice(0, 7)
        case 'CODED': {
          const list = codes.get(item.codeListOid ?? '') ?? ['1']
          return list[Math.floor(rnd() * list.length)]!
        }
        default:
          return `note ${Math.floor(rnd() * 1000)}`
      }
    }
    let rows = 1
    let values = 0
    const visits = metadata.events.map((event, v) => ({
      eventOid: event.oid,
      repeatKey: null,
      visitNumber: v + 1,
      name: event.name,
      status: 'COMPLETED',
      scheduledDate: day(start, v * 14),
      actualDate: day(start, v * 14 + 1),
      forms: event.formOids.map((oid) => {
        const form = forms.get(oid)!
        const items = form.groups.flatMap((g) =>
          Array.from({ length: g.repeating ? 2 : 1 }, (_, r) => {
            rows++
            return g.items.map((item) => {
              values++
              const stored = value(item, v)
              const at = `${day(start, v * 14 + 1)}T10:00:00.000Z`
              const audit = options.audit
                ? [
                    {
                      userOid: person.oid,
                      siteOid,
                      occurredAt: at,
                      operation: 'UPDATE',
                      oldValue: null,
                      newValue: stored,
                      reasonForChange: null,
                    },
                  ]
                : []
              return { groupOid: g.oid, groupRepeatKey: r + 1, itemOid: item.oid, value: stored, audit }
            })
          }),
        )
        return {
          formOid: oid,
          version: form.version,
          status: 'COMPLETE',
          completedAt: `${day(start, v * 14 + 1)}T11:00:00.000Z`,
          values: items.flat(),
        }
      }),
    }))
    const labs = Array.from({ length: 20 }, (_, i) => ({
      id: `lab-${n}-${i}`,
      loincCode: '718-7',
      name: 'Hemoglobin [Mass/volume] in Blood',
      value: Math.round((10 + rnd() * 8) * 10) / 10,
      valueText: null,
      unit: 'g/dL',
      low: 12,
      high: 16,
      abnormalFlag: 'N',
      collectedAt: `${day(start, i * 7)}T08:00:00.000Z`,
    }))
    const diaries = Array.from({ length: 60 }, (_, i) => ({
      id: `diary-${n}-${i}`,
      questionnaireCode: 'PAIN-DAILY',
      entryDate: day(start, i),
      painScore: Math.floor(rnd() * 11),
      symptoms: rnd() < 0.2 ? [{ term: 'Nausea', grade: 1 }] : [],
      late: false,
    }))
    const alerts = [
      {
        id: `alert-${n}`,
        rule: 'PAIN_SEVERE',
        severity: 'SEVERE',
        ctcaeTerm: 'Pain',
        ctcaeGrade: 3,
        summary: 'Pain 9/10',
        detectedAt: `${day(start, 30)}T20:00:00.000Z`,
        status: 'OPEN',
      },
    ]
    counts.subjects++
    counts.rows += rows + labs.length + diaries.length + alerts.length
    counts.values += values
    const record: SubjectRecord = {
      subjectKey: `BENCH-1-${String(n).padStart(6, '0')}`,
      siteOid,
      sex: rnd() < 0.5 ? 'FEMALE' : 'MALE',
      yearOfBirth: 1935 + Math.floor(rnd() * 70),
      ageGroup: null,
      enrollmentStatus: 'ENROLLED',
      screeningDate: day(start, -7),
      enrollmentDate: day(start, 0),
      withdrawnOn: null,
      visits,
      labs,
      diaries,
      alerts,
      people: options.audit ? [person] : [],
    }
    return { patientId: `patient-${n}`, record }
  }

  async function* subjects(): AsyncGenerator<StoredSubject> {
    for (let n = 0; n < subjectCount; n++) yield subject(n)
  }
  return { metadata, subjectsPerSite, subjectCount, subjects: subjects(), counts }
}
