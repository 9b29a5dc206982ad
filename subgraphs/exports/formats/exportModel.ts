/**
 * What every export format writes: one study's metadata, then its subjects one at a time (so
 * memory does not grow with the study), already de-identified for the recipient when the profile
 * asks for it. A format is one `Exporter` in its own file, listed in `exporters.ts`.
 */
export interface ExportHeader {
  /** ODM FileOID and the like: unique per export. */
  exportId: string
  createdAt: string
  profile: string
  /** Whether direct identifiers were removed (sponsor, regulator): formats leave out what would re-add them. */
  deidentified: boolean
  /** Audit records of each value (ODM AuditRecord, CSV/NDJSON audit dataset); FHIR has none. */
  includeAudit: boolean
  /** Datasets asked for; `null` for all of them. */
  datasets: readonly string[] | null
}

export interface CodeListMeta {
  oid: string
  name: string
  items: { codedValue: string; decode: string }[]
}
export interface ItemMeta {
  oid: string
  label: string
  dataType: string
  unit: string | null
  maxLength: number | null
  precision: number | null
  codeListOid: string | null
}
export interface ItemGroupMeta {
  oid: string
  name: string
  repeating: boolean
  items: ItemMeta[]
}
export interface FormMeta {
  oid: string
  name: string
  version: number
  groups: ItemGroupMeta[]
}
export interface EventMeta {
  oid: string
  name: string
  /** Unscheduled visits share one repeating event; scheduled ones occur once. */
  repeating: boolean
  formOids: string[]
}
export interface SiteMeta {
  oid: string
  siteNumber: string
  name: string
  country: string
}
export interface UserMeta {
  oid: string
  displayName: string
  givenName: string | null
  familyName: string | null
  email: string | null
  organization: string | null
}
export interface StudyMetadata {
  oid: string
  protocolId: string
  title: string
  sponsorName: string
  events: EventMeta[]
  forms: FormMeta[]
  codeLists: CodeListMeta[]
  sites: SiteMeta[]
}

export interface AuditRecordData {
  userOid: string | null
  siteOid: string
  /** ISO date-time; null when the profile keeps only years (the record is then left out where a format needs the instant). */
  occurredAt: string | null
  operation: string
  oldValue: string | null
  newValue: string | null
  reasonForChange: string | null
}
export interface ItemValueData {
  groupOid: string
  groupRepeatKey: number
  itemOid: string
  value: string | null
  audit: AuditRecordData[]
}
export interface FormData {
  formOid: string
  version: number
  status: string
  completedAt: string | null
  values: ItemValueData[]
}
export interface VisitData {
  eventOid: string
  /** Which occurrence of a repeating event (1, 2, ...); null for a scheduled visit. */
  repeatKey: number | null
  visitNumber: number
  name: string
  status: string
  scheduledDate: string | null
  actualDate: string | null
  forms: FormData[]
}
export interface LabData {
  id: string
  loincCode: string
  name: string
  value: number | null
  valueText: string | null
  unit: string
  low: number | null
  high: number | null
  abnormalFlag: string
  collectedAt: string | null
}
export interface DiaryData {
  id: string
  questionnaireCode: string
  entryDate: string | null
  painScore: number
  symptoms: { term: string; grade: number }[]
  late: boolean
}
export interface AlertData {
  id: string
  rule: string
  severity: string
  ctcaeTerm: string | null
  ctcaeGrade: number | null
  /** Free text: withheld when de-identified. */
  summary: string | null
  detectedAt: string | null
  status: string
}
export interface SubjectRecord {
  /** SubjectKey: the protocol subject number, or the recipient's pseudonym. */
  subjectKey: string
  siteOid: string
  sex: string
  /** Null when withheld (over 89: see `ageGroup`). */
  yearOfBirth: number | null
  ageGroup: string | null
  enrollmentStatus: string
  screeningDate: string | null
  enrollmentDate: string | null
  withdrawnOn: string | null
  visits: VisitData[]
  labs: LabData[]
  diaries: DiaryData[]
  alerts: AlertData[]
  /** The people named in this subject's audit records (pseudonyms when de-identified). */
  people: UserMeta[]
}

/** Writes chunks in order; resolves when the chunk is accepted (back-pressure). */
export type ChunkSink = (chunk: string | Uint8Array) => Promise<void>

export interface Exporter {
  format: string
  /** File name extension of what `write` produces. */
  extension: string
  mediaType: string
  write(
    header: ExportHeader,
    study: StudyMetadata,
    subjects: AsyncIterable<SubjectRecord>,
    out: ChunkSink,
  ): Promise<void>
}

/** The datasets every format knows; the tabular ones are one file each. */
export const DATASETS = ['subjects', 'forms', 'labs', 'diaries', 'alerts'] as const
export type DatasetName = (typeof DATASETS)[number]
export const wants = (header: ExportHeader, dataset: DatasetName) =>
  header.datasets === null || header.datasets.includes(dataset)
