import {
  DATASETS,
  wants,
  type ExportHeader,
  type ItemMeta,
  type StudyMetadata,
  type SubjectRecord,
} from './exportModel'

/**
 * The tabular view both CSV and NDJSON write: one dataset per form (wide: a column per item,
 * a row per subject, visit and item-group repeat, as statisticians read case report forms) plus
 * subjects, labs, diaries, alerts and, with audit records, the audit trail and the people in it.
 */
export type Cell = string | number | boolean | null
export interface Column {
  name: string
  label: string
  type: string
  unit?: string | null
  codeListOid?: string | null
}
export interface Dataset {
  name: string
  columns: Column[]
}

const col = (name: string, label: string, type = 'TEXT'): Column => ({ name, label, type })
const SUBJECT_KEY = col('SUBJECT', 'Subject (protocol number, or the recipient’s pseudonym)')
const SITE = col('SITE', 'Site (location OID)')

// The columns that place a form row (who, where, which visit, version and repeat); the items follow.
const FORM_KEY_COLUMNS: Column[] = [
  SUBJECT_KEY,
  SITE,
  col('EVENT', 'Study event OID'),
  col('EVENT_REPEAT', 'Occurrence of a repeating event', 'INTEGER'),
  col('FORM_VERSION', 'Form definition version', 'INTEGER'),
  col('FORM_STATUS', 'Form status'),
  col('ITEM_GROUP', 'Item group OID'),
  col('ITEM_GROUP_REPEAT', 'Item group repeat key', 'INTEGER'),
]

export const formDatasetName = (formOid: string) => `form_${formOid}`

export function datasetsOf(header: ExportHeader, study: StudyMetadata): Dataset[] {
  const out: Dataset[] = []
  if (wants(header, DATASETS[0])) {
    out.push({
      name: 'subjects',
      columns: [
        SUBJECT_KEY,
        SITE,
        col('SEX', 'Sex'),
        col('YEAR_OF_BIRTH', 'Year of birth', 'INTEGER'),
        col('AGE_GROUP', 'Age group (when the year is withheld)'),
        col('ENROLLMENT_STATUS', 'Enrollment status'),
        col('SCREENING_DATE', 'Screening date', 'DATE'),
        col('ENROLLMENT_DATE', 'Enrollment date', 'DATE'),
        col('WITHDRAWN_ON', 'Withdrawal date', 'DATE'),
      ],
    })
  }
  if (wants(header, 'forms')) {
    for (const form of study.forms) {
      const items: ItemMeta[] = form.groups.flatMap((g) => g.items)
      out.push({
        name: formDatasetName(form.oid),
        columns: [
          ...FORM_KEY_COLUMNS,
          ...items.map((i) => ({
            name: i.oid,
            label: i.label,
            type: i.dataType,
            unit: i.unit,
            codeListOid: i.codeListOid,
          })),
        ],
      })
    }
  }
  if (wants(header, 'labs')) {
    out.push({
      name: 'labs',
      columns: [
        SUBJECT_KEY,
        SITE,
        col('RESULT_ID', 'Lab result id'),
        col('LOINC', 'LOINC code'),
        col('TEST', 'Test name'),
        col('VALUE', 'Numeric value', 'DECIMAL'),
        col('VALUE_TEXT', 'Text value'),
        col('UNIT', 'Unit (UCUM)'),
        col('LOW', 'Reference range low', 'DECIMAL'),
        col('HIGH', 'Reference range high', 'DECIMAL'),
        col('FLAG', 'Abnormal flag'),
        col('COLLECTED_AT', 'Collected at', 'DATETIME'),
      ],
    })
  }
  if (wants(header, 'diaries')) {
    out.push({
      name: 'diaries',
      columns: [
        SUBJECT_KEY,
        SITE,
        col('ENTRY_ID', 'Diary entry id'),
        col('QUESTIONNAIRE', 'Questionnaire code'),
        col('ENTRY_DATE', 'Diary date', 'DATE'),
        col('PAIN_SCORE', 'Pain score (0-10)', 'INTEGER'),
        col('SYMPTOMS', 'Symptoms (CTCAE term:grade; ...)'),
        col('LATE', 'Entered after its day', 'BOOLEAN'),
      ],
    })
  }
  if (wants(header, 'alerts')) {
    out.push({
      name: 'alerts',
      columns: [
        SUBJECT_KEY,
        SITE,
        col('ALERT_ID', 'Alert id'),
        col('RULE', 'Safety rule'),
        col('SEVERITY', 'Severity'),
        col('CTCAE_TERM', 'CTCAE term'),
        col('CTCAE_GRADE', 'CTCAE grade', 'INTEGER'),
        col('SUMMARY', 'Summary (free text; withheld when de-identified)'),
        col('DETECTED_AT', 'Detected at', 'DATETIME'),
        col('STATUS', 'Status'),
      ],
    })
  }
  if (header.includeAudit && wants(header, 'forms')) {
    out.push({
      name: 'audit',
      columns: [
        SUBJECT_KEY,
        SITE,
        col('EVENT', 'Study event OID'),
        col('FORM', 'Form OID'),
        col('ITEM_GROUP', 'Item group OID'),
        col('ITEM_GROUP_REPEAT', 'Item group repeat key', 'INTEGER'),
        col('ITEM', 'Item OID'),
        col('OCCURRED_AT', 'When', 'DATETIME'),
        col('USER', 'Who (user OID; see people)'),
        col('OPERATION', 'Operation'),
        col('OLD_VALUE', 'Value before'),
        col('NEW_VALUE', 'Value after'),
        col('REASON_FOR_CHANGE', 'Reason for change'),
      ],
    })
    out.push({
      name: 'people',
      columns: [
        col('USER', 'User OID'),
        col('DISPLAY_NAME', 'Name'),
        col('GIVEN_NAME', 'Given name'),
        col('FAMILY_NAME', 'Family name'),
        col('EMAIL', 'E-mail'),
        col('ORGANIZATION', 'Organisation'),
      ],
    })
  }
  return out
}

/** A subject's rows, dataset by dataset (only the datasets in `datasets`). */
export function* subjectRows(
  subject: SubjectRecord,
  datasets: ReadonlyMap<string, Dataset>,
): Generator<[string, Cell[]]> {
  const s = subject.subjectKey
  const site = subject.siteOid
  if (datasets.has('subjects')) {
    yield [
      'subjects',
      [
        s,
        site,
        subject.sex,
        subject.yearOfBirth,
        subject.ageGroup,
        subject.enrollmentStatus,
        subject.screeningDate,
        subject.enrollmentDate,
        subject.withdrawnOn,
      ],
    ]
  }
  for (const visit of subject.visits) {
    for (const form of visit.forms) {
      const dataset = datasets.get(formDatasetName(form.formOid))
      if (dataset) {
        const itemColumns = dataset.columns.slice(FORM_KEY_COLUMNS.length).map((c) => c.name)
        const rows = new Map<string, Map<string, string | null>>()
        for (const v of form.values) {
          const key = `${v.groupOid}\u0000${v.groupRepeatKey}`
          if (!rows.has(key)) rows.set(key, new Map())
          rows.get(key)!.set(v.itemOid, v.value)
        }
        for (const [key, values] of rows) {
          const [group, repeat] = key.split('\u0000') as [string, string]
          yield [
            dataset.name,
            [
              s,
              site,
              visit.eventOid,
              visit.repeatKey,
              form.version,
              form.status,
              group,
              Number(repeat),
              ...itemColumns.map((c) => values.get(c) ?? null),
            ],
          ]
        }
      }
      if (datasets.has('audit')) {
        for (const v of form.values) {
          for (const r of v.audit) {
            yield [
              'audit',
              [
                s,
                site,
                visit.eventOid,
                form.formOid,
                v.groupOid,
                v.groupRepeatKey,
                v.itemOid,
                r.occurredAt,
                r.userOid,
                r.operation,
                r.oldValue,
                r.newValue,
                r.reasonForChange,
              ],
            ]
          }
        }
      }
    }
  }
  if (datasets.has('labs')) {
    for (const l of subject.labs)
      yield [
        'labs',
        [
          s,
          site,
          l.id,
          l.loincCode,
          l.name,
          l.value,
          l.valueText,
          l.unit,
          l.low,
          l.high,
          l.abnormalFlag,
          l.collectedAt,
        ],
      ]
  }
  if (datasets.has('diaries')) {
    for (const d of subject.diaries) {
      yield [
        'diaries',
        [
          s,
          site,
          d.id,
          d.questionnaireCode,
          d.entryDate,
          d.painScore,
          d.symptoms.map((x) => `${x.term}:${x.grade}`).join('; '),
          d.late,
        ],
      ]
    }
  }
  if (datasets.has('alerts')) {
    for (const a of subject.alerts)
      yield [
        'alerts',
        [s, site, a.id, a.rule, a.severity, a.ctcaeTerm, a.ctcaeGrade, a.summary, a.detectedAt, a.status],
      ]
  }
}
