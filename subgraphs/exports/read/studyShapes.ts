/** The answers of studyQueries.ts, as the exporter reads them. */
import type { ItemMeta } from '../formats/exportModel'

export interface StudyMetadataData {
  studyByProtocolId: {
    id: string
    protocolId: string
    title: string
    sponsorName: string
    visitSchedule: { code: string; name: string; visitType: string; formOids: string[] }[]
    sites: { id: string; siteNumber: string; name: string; country: string; patients: { totalCount: number } | null }[]
  } | null
}
export interface FormDefinitionsData {
  formDefinitions: {
    formOid: string
    name: string
    version: number
    itemGroups: { oid: string; name: string; repeating: boolean; items: ItemMeta[] }[]
    codeLists: { oid: string; name: string; items: { codedValue: string; decode: string }[] }[]
  }[]
}
export interface SubjectNode {
  id: string
  subjectNumber: string
  enrollmentStatus: string
  screeningDate: string | null
  enrollmentDate: string | null
  withdrawnOn: string | null
  demographics: { yearOfBirth: number; sex: string }
  visits: {
    id: string
    visitNumber: number
    name: string
    visitType: string
    scheduledDate: string | null
    actualDate: string | null
    status: string
    forms:
      | {
          formOid: string
          version: number
          status: string
          completedAt: string | null
          values: { group: string; row: number; item: string; value: string | null }[]
        }[]
      | null
  }[]
  labResults:
    | {
        id: string
        loincCode: string
        name: string
        value: number | null
        valueText: string | null
        unit: string
        referenceRange: { low: number | null; high: number | null }
        abnormalFlag: string
        collectedAt: string | null
      }[]
    | null
  eproSubmissions:
    | {
        id: string
        questionnaire: { code: string }
        entryDate: string
        painScore: number
        symptoms: { term: string; grade: number }[]
        late: boolean
      }[]
    | null
}
export interface SiteSubjectsData {
  site: {
    patients: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: SubjectNode }[] } | null
  } | null
}
/** A subject's visits with the audit trail of each value (the ExportSubjectAudit fragment). */
export type AuditedVisits = {
  id: string
  forms:
    | {
        formOid: string
        values: {
          group: string
          row: number
          item: string
          auditTrail:
            | {
                occurredAt: string
                operation: string
                field: string | null
                oldValue: string | null
                newValue: string | null
                reasonForChange: string | null
                actor: {
                  id: string
                  displayName: string
                  givenName: string
                  familyName: string
                  organization: string | null
                } | null
              }[]
            | null
        }[]
      }[]
    | null
}[]

export interface SubjectAuditData {
  patient: { visits: AuditedVisits } | null
}
export interface SiteAuditData {
  site: { patients: { edges: { node: { id: string; visits: AuditedVisits } }[] } | null } | null
}
export interface SiteAlertsData {
  adverseEventAlerts: {
    id: string
    cursor: string
    patient: { id: string } | null
    rule: string
    severity: string
    ctcaeTerm: string | null
    ctcaeGrade: number | null
    summary: string | null
    detectedAt: string
    status: string
  }[]
}
export interface SubjectRowsData {
  patient: Pick<SubjectNode, 'labResults' | 'eproSubmissions'> | null
}
