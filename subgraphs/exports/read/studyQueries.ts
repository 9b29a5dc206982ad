/** What the exporter asks the supergraph, one document per need (see studyReader.ts for the order). */
export const STUDY_METADATA = /* GraphQL */ `
  query ExportStudyMetadata($protocolId: String!) {
    studyByProtocolId(protocolId: $protocolId) {
      id
      protocolId
      title
      sponsorName
      visitSchedule {
        code
        name
        visitType
        formOids
      }
      sites {
        id
        siteNumber
        name
        country
        patients(first: 1) {
          totalCount
        }
      }
    }
  }
`

export const FORM_DEFINITIONS = /* GraphQL */ `
  query ExportFormDefinitions($studyId: ID!) {
    formDefinitions(studyId: $studyId) {
      formOid
      name
      version
      itemGroups {
        oid
        name
        repeating
        items {
          oid
          label
          dataType
          unit
          maxLength
          precision
          codeListOid
        }
      }
      codeLists {
        oid
        name
        items {
          codedValue
          decode
        }
      }
    }
  }
`

// A subject's lab results and diary entries, `$rows` of each.
const ROWS_FRAGMENT = /* GraphQL */ `
  fragment ExportSubjectRows on Patient {
    labResults(first: $rows) {
      id
      loincCode
      name
      value
      valueText
      unit
      referenceRange {
        low
        high
      }
      abnormalFlag
      collectedAt
    }
    eproSubmissions(first: $rows) {
      id
      questionnaire {
        code
      }
      entryDate
      painScore
      symptoms {
        term
        grade
      }
      late
    }
  }
`

export const SITE_SUBJECTS = /* GraphQL */ `
  query ExportSiteSubjects($siteId: ID!, $first: Int!, $after: String, $rows: Int!) {
    site(id: $siteId) {
      patients(first: $first, after: $after) {
        pageInfo {
          hasNextPage
          endCursor
        }
        edges {
          node {
            id
            subjectNumber
            enrollmentStatus
            screeningDate
            enrollmentDate
            withdrawnOn
            demographics {
              yearOfBirth
              sex
            }
            visits {
              id
              visitNumber
              name
              visitType
              scheduledDate
              actualDate
              status
              forms {
                formOid
                version
                status
                completedAt
                values {
                  group
                  row
                  item
                  value
                }
              }
            }
            ...ExportSubjectRows
          }
        }
      }
    }
  }
  ${ROWS_FRAGMENT}
`

/** A subject whose first page of lab results or diary entries was full: all of them (up to the API's 500). */
export const SUBJECT_ROWS = /* GraphQL */ `
  query ExportSubjectRows($patientId: ID!, $rows: Int!) {
    patient(id: $patientId) {
      ...ExportSubjectRows
    }
  }
  ${ROWS_FRAGMENT}
`

// The audit trail of every value of a subject's forms.
const AUDIT_FRAGMENT = /* GraphQL */ `
  fragment ExportSubjectAudit on Patient {
    visits {
      id
      forms {
        formOid
        values {
          group
          row
          item
          auditTrail {
            occurredAt
            operation
            field
            oldValue
            newValue
            reasonForChange
            actor {
              id
              displayName
              givenName
              familyName
              organization
            }
          }
        }
      }
    }
  }
`

/** The audit trails of a page of a site's subjects: the same page (first, after) as SITE_SUBJECTS. */
export const SITE_AUDIT = /* GraphQL */ `
  query ExportSiteAudit($siteId: ID!, $first: Int!, $after: String) {
    site(id: $siteId) {
      patients(first: $first, after: $after) {
        edges {
          node {
            id
            ...ExportSubjectAudit
          }
        }
      }
    }
  }
  ${AUDIT_FRAGMENT}
`

/** One subject's audit trails: for a subject that moved between pages while the study was read. */
export const SUBJECT_AUDIT = /* GraphQL */ `
  query ExportSubjectAudit($patientId: ID!) {
    patient(id: $patientId) {
      ...ExportSubjectAudit
    }
  }
  ${AUDIT_FRAGMENT}
`

export const SITE_ALERTS = /* GraphQL */ `
  query ExportSiteAlerts($siteIds: [ID!]!, $first: Int!, $after: String) {
    adverseEventAlerts(siteIds: $siteIds, first: $first, after: $after) {
      id
      cursor
      patient {
        id
      }
      rule
      severity
      ctcaeTerm
      ctcaeGrade
      summary
      detectedAt
      status
    }
  }
`
