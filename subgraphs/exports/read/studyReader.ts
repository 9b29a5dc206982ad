import type { AlertData, EventMeta, StudyMetadata, SubjectRecord } from '../formats/exportModel'
import type { StoredSubject } from '../deidentify/deidentifier'
import { ExportReadError, type SupergraphClient } from './supergraphClient'
import { FORM_DEFINITIONS, SITE_ALERTS, SITE_SUBJECTS, STUDY_METADATA, SUBJECT_ROWS } from './studyQueries'
import type * as Q from './studyShapes'
import { pageAudit, subjectAudit, valueKey, type SubjectAudit } from './auditTrails'

/** Subjects per request: large enough to amortise the round trip, small enough for the gateway's cost limit. */
const SUBJECTS_PER_PAGE = 10
// Lab results and diary entries: a first page with the subject (the gateway charges a query by the
// objects it may return, so asking 500 of each for 10 subjects would cost a person's rate limit
// five times as much), all of them for a subject whose first page was full, up to the most the API
// returns per subject (no paging below that): an export that would be cut short fails instead.
const FIRST_ROWS = 100
const MAX_ROWS_PER_SUBJECT = 500

const ALERTS_PER_PAGE = 500

export const siteOid = (siteNumber: string) => `LOC.${siteNumber}`
const UNSCHEDULED_EVENT = 'SE.UNSCHEDULED'

export interface StudyRead {
  studyId: string
  metadata: StudyMetadata
  /** Subjects per site OID (for small-cell suppression) and in all. */
  subjectsPerSite: Map<string, number>
  subjectCount: number
  /** Every subject, site by site, in the API's order; with audit trails when asked. */
  subjects(options: { includeAudit: boolean }): AsyncGenerator<StoredSubject>
}

export async function readStudy(client: SupergraphClient, protocolId: string): Promise<StudyRead> {
  const { studyByProtocolId: study } = await client.query<Q.StudyMetadataData>(STUDY_METADATA, { protocolId })
  if (!study) throw new ExportReadError(`No study with protocol id ${protocolId} is visible to you.`)
  const { formDefinitions } = await client.query<Q.FormDefinitionsData>(FORM_DEFINITIONS, { studyId: study.id })

  const scheduled = new Map(study.visitSchedule.map((v) => [v.name, `SE.${v.code}`]))
  const events: EventMeta[] = study.visitSchedule.map((v) => ({
    oid: `SE.${v.code}`,
    name: v.name,
    repeating: false,
    formOids: v.formOids,
  }))
  const allForms = formDefinitions.map((f) => f.formOid)
  events.push({ oid: UNSCHEDULED_EVENT, name: 'Unscheduled visit', repeating: true, formOids: allForms })

  const codeLists = new Map(formDefinitions.flatMap((f) => f.codeLists.map((l) => [l.oid, l] as const)))
  const metadata: StudyMetadata = {
    oid: `S.${study.protocolId}`,
    protocolId: study.protocolId,
    title: study.title,
    sponsorName: study.sponsorName,
    events,
    forms: formDefinitions.map((f) => ({
      oid: f.formOid,
      name: f.name,
      version: f.version,
      groups: f.itemGroups.map((g) => ({ oid: g.oid, name: g.name, repeating: g.repeating, items: g.items })),
    })),
    codeLists: [...codeLists.values()],
    sites: study.sites.map((s) => ({
      oid: siteOid(s.siteNumber),
      siteNumber: s.siteNumber,
      name: s.name,
      country: s.country,
    })),
  }
  const subjectsPerSite = new Map(study.sites.map((s) => [siteOid(s.siteNumber), s.patients?.totalCount ?? 0]))

  async function* subjects({ includeAudit }: { includeAudit: boolean }): AsyncGenerator<StoredSubject> {
    for (const site of study!.sites) {
      const alerts = await siteAlerts(client, site.id)
      let after: string | null = null
      do {
        const data: Q.SiteSubjectsData = await client.query(SITE_SUBJECTS, {
          siteId: site.id,
          first: SUBJECTS_PER_PAGE,
          after,
          rows: FIRST_ROWS,
        })
        const page = data.site?.patients
        if (!page) throw new ExportReadError(`The subjects of site ${site.siteNumber} could not be read.`)
        // The same page's audit trails in one request; a subject not on it (the page moved between
        // the two requests: a subject added meanwhile) is read on its own.
        const audits = includeAudit ? await pageAudit(client, site.id, SUBJECTS_PER_PAGE, after) : null
        for (const { node: first } of page.edges) {
          const node = await withAllRows(client, first)
          const audit = audits ? (audits.get(node.id) ?? (await subjectAudit(client, node.id))) : null
          yield {
            patientId: node.id,
            record: subjectRecord(node, siteOid(site.siteNumber), scheduled, alerts.get(node.id) ?? [], audit),
          }
        }
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null
      } while (after)
    }
  }
  return {
    studyId: study.id,
    metadata,
    subjectsPerSite,
    subjectCount: [...subjectsPerSite.values()].reduce((a, b) => a + b, 0),
    subjects,
  }
}

async function withAllRows(client: SupergraphClient, node: Q.SubjectNode): Promise<Q.SubjectNode> {
  const full = (rows: unknown[] | null) => (rows?.length ?? 0) >= FIRST_ROWS
  if (!full(node.labResults) && !full(node.eproSubmissions)) return node
  const { patient } = await client.query<Q.SubjectRowsData>(SUBJECT_ROWS, {
    patientId: node.id,
    rows: MAX_ROWS_PER_SUBJECT,
  })
  if (!patient) throw new ExportReadError(`Subject ${node.subjectNumber} could not be read again.`)
  return { ...node, labResults: patient.labResults, eproSubmissions: patient.eproSubmissions }
}

async function siteAlerts(client: SupergraphClient, siteId: string): Promise<Map<string, AlertData[]>> {
  const byPatient = new Map<string, AlertData[]>()
  let after: string | null = null
  for (;;) {
    const { adverseEventAlerts: page }: Q.SiteAlertsData = await client.query(SITE_ALERTS, {
      siteIds: [siteId],
      first: ALERTS_PER_PAGE,
      after,
    })
    for (const a of page) {
      if (!a.patient) continue
      const list = byPatient.get(a.patient.id) ?? []
      list.push({
        id: a.id,
        rule: a.rule,
        severity: a.severity,
        ctcaeTerm: a.ctcaeTerm,
        ctcaeGrade: a.ctcaeGrade,
        summary: a.summary,
        detectedAt: a.detectedAt,
        status: a.status,
      })
      byPatient.set(a.patient.id, list)
    }
    if (page.length < ALERTS_PER_PAGE) return byPatient
    after = page[page.length - 1]!.cursor
  }
}

function subjectRecord(
  p: Q.SubjectNode,
  site: string,
  scheduled: Map<string, string>,
  alerts: AlertData[],
  audit: SubjectAudit | null,
): SubjectRecord {
  if ((p.labResults?.length ?? 0) >= MAX_ROWS_PER_SUBJECT || (p.eproSubmissions?.length ?? 0) >= MAX_ROWS_PER_SUBJECT) {
    throw new ExportReadError(
      `Subject ${p.subjectNumber} has more than ${MAX_ROWS_PER_SUBJECT - 1} lab results or diary entries: more than the API returns per subject, so the export would be incomplete.`,
    )
  }
  if (p.labResults === null || p.eproSubmissions === null || p.visits.some((v) => v.forms === null)) {
    throw new ExportReadError(`Part of subject ${p.subjectNumber}'s record was unavailable; nothing was exported.`)
  }
  let unscheduled = 0
  return {
    subjectKey: p.subjectNumber,
    siteOid: site,
    sex: p.demographics.sex,
    yearOfBirth: p.demographics.yearOfBirth,
    ageGroup: null,
    enrollmentStatus: p.enrollmentStatus,
    screeningDate: p.screeningDate,
    enrollmentDate: p.enrollmentDate,
    withdrawnOn: p.withdrawnOn,
    visits: p.visits.map((v) => {
      const eventOid = v.visitType !== 'UNSCHEDULED' ? scheduled.get(v.name) : undefined
      return {
        eventOid: eventOid ?? UNSCHEDULED_EVENT,
        repeatKey: eventOid ? null : ++unscheduled,
        visitNumber: v.visitNumber,
        name: v.name,
        status: v.status,
        scheduledDate: v.scheduledDate,
        actualDate: v.actualDate,
        forms: (v.forms ?? []).map((f) => ({
          formOid: f.formOid,
          version: f.version,
          status: f.status,
          completedAt: f.completedAt,
          values: f.values.map((x) => ({
            groupOid: x.group,
            groupRepeatKey: x.row,
            itemOid: x.item,
            value: x.value,
            audit: (audit?.records.get(valueKey(v.id, f.formOid, x.group, x.row, x.item)) ?? []).map((r) => ({
              ...r,
              siteOid: site,
            })),
          })),
        })),
      }
    }),
    labs: (p.labResults ?? []).map((l) => ({
      id: l.id,
      loincCode: l.loincCode,
      name: l.name,
      value: l.value,
      valueText: l.valueText,
      unit: l.unit,
      low: l.referenceRange.low,
      high: l.referenceRange.high,
      abnormalFlag: l.abnormalFlag,
      collectedAt: l.collectedAt,
    })),
    diaries: (p.eproSubmissions ?? []).map((d) => ({
      id: d.id,
      questionnaireCode: d.questionnaire.code,
      entryDate: d.entryDate,
      painScore: d.painScore,
      symptoms: d.symptoms,
      late: d.late,
    })),
    alerts,
    people: audit ? [...audit.people.values()] : [],
  }
}
