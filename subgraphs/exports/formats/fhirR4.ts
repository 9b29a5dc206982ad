import crypto from 'node:crypto'
import type { AlertData, DiaryData, Exporter, ExportHeader, LabData, StudyMetadata, SubjectRecord } from './exportModel'
import { wants } from './exportModel'

/**
 * HL7 FHIR R4: one Bundle (type "collection") with the ResearchStudy, and per subject a Patient,
 * a ResearchSubject, an Observation per lab result (LOINC, UCUM, reference range, interpretation),
 * a QuestionnaireResponse per diary entry and an AdverseEvent per safety alert. Streamed entry by
 * entry. Case report forms stay in ODM: FHIR has no faithful home for them.
 */
type Resource = Record<string, unknown> & { resourceType: string; id: string }

// References inside a collection bundle by urn:uuid, derived from the resource's id so a
// re-export gives the same fullUrls.
const fullUrl = (type: string, id: string) => {
  const h = crypto.createHash('sha256').update(`${type}/${id}`).digest('hex')
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`
}
const ref = (type: string, id: string) => ({ reference: fullUrl(type, id) })
const fhirId = (id: string) => id.replace(/[^A-Za-z0-9\-.]/g, '-').slice(0, 64)

const GENDER: Record<string, string> = { FEMALE: 'female', MALE: 'male', UNDIFFERENTIATED: 'other', UNKNOWN: 'unknown' }
// FHIR R4 research-subject-status.
const SUBJECT_STATUS: Record<string, string> = {
  SCREENING: 'candidate',
  SCREEN_FAILED: 'ineligible',
  ENROLLING: 'eligible',
  ENROLLMENT_FAILED: 'not-registered',
  ENROLLED: 'on-study',
  COMPLETED: 'off-study',
  WITHDRAWN: 'withdrawn',
}
const SUBJECT_NUMBER_SYSTEM = 'urn:trial-supergraph:subject-number'
const PSEUDONYM_SYSTEM = 'urn:trial-supergraph:pseudonym'

function patient(header: ExportHeader, s: SubjectRecord, id: string): Resource {
  return {
    resourceType: 'Patient',
    id,
    identifier: [{ system: header.deidentified ? PSEUDONYM_SYSTEM : SUBJECT_NUMBER_SYSTEM, value: s.subjectKey }],
    gender: GENDER[s.sex] ?? 'unknown',
    // A year is a valid FHIR date; withheld (over 89) it is left out.
    ...(s.yearOfBirth !== null ? { birthDate: String(s.yearOfBirth) } : {}),
  }
}

function researchSubject(header: ExportHeader, study: StudyMetadata, s: SubjectRecord, id: string): Resource {
  const start = s.enrollmentDate ?? s.screeningDate
  return {
    resourceType: 'ResearchSubject',
    id,
    identifier: [{ system: header.deidentified ? PSEUDONYM_SYSTEM : SUBJECT_NUMBER_SYSTEM, value: s.subjectKey }],
    status: SUBJECT_STATUS[s.enrollmentStatus] ?? 'candidate',
    ...(start ? { period: { start, ...(s.withdrawnOn ? { end: s.withdrawnOn } : {}) } } : {}),
    study: ref('ResearchStudy', fhirId(study.oid)),
    individual: ref('Patient', id),
  }
}

const quantity = (value: number, unit: string) => ({ value, unit, system: 'http://unitsofmeasure.org', code: unit })
const INTERPRETATION = 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation'

function observation(patientId: string, lab: LabData): Resource {
  const range = lab.low !== null || lab.high !== null
  return {
    resourceType: 'Observation',
    id: fhirId(lab.id),
    status: 'final',
    category: [
      { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] },
    ],
    code: { coding: [{ system: 'http://loinc.org', code: lab.loincCode, display: lab.name }], text: lab.name },
    subject: ref('Patient', patientId),
    ...(lab.collectedAt ? { effectiveDateTime: lab.collectedAt } : {}),
    ...(lab.value !== null
      ? { valueQuantity: quantity(lab.value, lab.unit) }
      : lab.valueText
        ? { valueString: lab.valueText }
        : {}),
    interpretation: [{ coding: [{ system: INTERPRETATION, code: lab.abnormalFlag }] }],
    ...(range
      ? {
          referenceRange: [
            {
              ...(lab.low !== null ? { low: quantity(lab.low, lab.unit) } : {}),
              ...(lab.high !== null ? { high: quantity(lab.high, lab.unit) } : {}),
            },
          ],
        }
      : {}),
  }
}

function questionnaireResponse(patientId: string, diary: DiaryData): Resource {
  return {
    resourceType: 'QuestionnaireResponse',
    id: fhirId(diary.id),
    questionnaire: `urn:trial-supergraph:questionnaire:${diary.questionnaireCode}`,
    status: 'completed',
    subject: ref('Patient', patientId),
    ...(diary.entryDate ? { authored: diary.entryDate } : {}),
    item: [
      { linkId: 'pain', text: 'Pain score (0-10)', answer: [{ valueInteger: diary.painScore }] },
      ...diary.symptoms.map((x) => ({
        linkId: `symptom-${x.term}`,
        text: x.term,
        answer: [{ valueInteger: x.grade }],
      })),
    ],
  }
}

const SEVERITY: Record<string, string> = {
  MODERATE: 'moderate',
  SEVERE: 'severe',
  LIFE_THREATENING: 'severe',
  FATAL: 'severe',
}

function adverseEvent(study: StudyMetadata, patientId: string, alert: AlertData): Resource {
  const term = alert.ctcaeTerm ?? alert.rule
  return {
    resourceType: 'AdverseEvent',
    id: fhirId(alert.id),
    actuality: 'potential',
    event: { text: alert.ctcaeGrade !== null ? `${term} (CTCAE grade ${alert.ctcaeGrade})` : term },
    subject: ref('Patient', patientId),
    ...(alert.detectedAt ? { detected: alert.detectedAt } : {}),
    severity: {
      coding: [
        {
          system: 'http://terminology.hl7.org/CodeSystem/adverse-event-severity',
          code: SEVERITY[alert.severity] ?? 'moderate',
        },
      ],
    },
    study: [ref('ResearchStudy', fhirId(study.oid))],
  }
}

function researchStudy(study: StudyMetadata): Resource {
  return {
    resourceType: 'ResearchStudy',
    id: fhirId(study.oid),
    identifier: [{ system: 'urn:trial-supergraph:protocol', value: study.protocolId }],
    title: study.title,
    status: 'active',
    sponsor: { display: study.sponsorName },
  }
}

/**
 * Every resource of one subject, in bundle order. The Patient and ResearchSubject always: the other
 * resources refer to them, whichever datasets were asked for.
 */
export function* subjectResources(header: ExportHeader, study: StudyMetadata, s: SubjectRecord): Generator<Resource> {
  const id = fhirId(s.subjectKey)
  yield patient(header, s, id)
  yield researchSubject(header, study, s, `${id}-rs`.slice(0, 64))
  if (wants(header, 'labs')) for (const lab of s.labs) yield observation(id, lab)
  if (wants(header, 'diaries')) for (const d of s.diaries) yield questionnaireResponse(id, d)
  if (wants(header, 'alerts')) for (const a of s.alerts) yield adverseEvent(study, id, a)
}

const entry = (r: Resource) => JSON.stringify({ fullUrl: fullUrl(r.resourceType, r.id), resource: r })

export const fhirR4: Exporter = {
  format: 'fhir',
  extension: 'json',
  mediaType: 'application/fhir+json',
  async write(header, study, subjects, out) {
    const bundle = {
      resourceType: 'Bundle',
      id: fhirId(header.exportId),
      type: 'collection',
      timestamp: header.createdAt,
    }
    await out(`${JSON.stringify(bundle).slice(0, -1)},"entry":[\n${entry(researchStudy(study))}`)
    for await (const s of subjects) {
      let chunk = ''
      for (const r of subjectResources(header, study, s)) chunk += `,\n${entry(r)}`
      await out(chunk)
    }
    await out('\n]}\n')
  },
}
