import type { AuditRecordData, ItemValueData, SiteMeta, StudyMetadata, SubjectRecord } from '../formats/exportModel'
import { ageAt, transformDate } from './dates'
import { OLDEST_REPORTED_AGE, type Profile } from './profiles'
import { dateShiftDays, recordPseudonym, staffPseudonym, subjectPseudonym, type RecipientKey } from './pseudonym'

/** What the reader hands over per subject: the stored record and the ids the pseudonyms are keyed on. */
export interface StoredSubject {
  patientId: string
  record: SubjectRecord
}

/** Staff are named in audit records as `U.<user id>`; the pseudonym replaces the whole OID. */
export const userOid = (userId: string) => `U.${userId}`
const userIdOf = (oid: string) => oid.slice(2)

export const POOLED_SITE_OID = 'LOC.POOLED'

// Items that hold a year of birth (CDISC SDTM BRTHDTC reduced to a year): the same age rule applies.
const BIRTH_YEAR_ITEMS = new Set(['I.BRTHYR'])
const DATE_TYPES = new Set(['DATE', 'PARTIAL_DATE', 'DATETIME'])

export interface Deidentifier {
  metadata(study: StudyMetadata, subjectsPerSite: ReadonlyMap<string, number>): StudyMetadata
  subject(stored: StoredSubject): SubjectRecord
}

/** The identity transform for `identified`; for the others, every rule of the profile. */
export function createDeidentifier(profile: Profile, key: RecipientKey | null): Deidentifier {
  if (!profile.deidentified) return { metadata: (study) => study, subject: (stored) => stored.record }
  if (!key) throw new Error(`The ${profile.name} profile needs a recipient key for its pseudonyms.`)
  let pooled = new Set<string>()
  let itemTypes = new Map<string, string>()

  const metadata = (study: StudyMetadata, subjectsPerSite: ReadonlyMap<string, number>): StudyMetadata => {
    itemTypes = new Map(study.forms.flatMap((f) => f.groups.flatMap((g) => g.items.map((i) => [i.oid, i.dataType]))))
    // Small cells: a site with a handful of subjects could single one out (EMA Policy 0070); pool them.
    pooled = new Set(
      study.sites.filter((s) => (subjectsPerSite.get(s.oid) ?? 0) < profile.minimumCellSize).map((s) => s.oid),
    )
    const kept = study.sites.filter((s) => !pooled.has(s.oid))
    const countries = new Set(study.sites.filter((s) => pooled.has(s.oid)).map((s) => s.country))
    const pooledSite: SiteMeta = {
      oid: POOLED_SITE_OID,
      siteNumber: 'POOLED',
      name: `Sites with fewer than ${profile.minimumCellSize} subjects`,
      country: countries.size === 1 ? [...countries][0]! : 'several',
    }
    // Dates reduced to a year are partial dates, and say so in the metadata.
    const dataType = (t: string) => (profile.dates === 'year' && DATE_TYPES.has(t) ? 'PARTIAL_DATE' : t)
    return {
      ...study,
      forms: study.forms.map((f) => ({
        ...f,
        groups: f.groups.map((g) => ({ ...g, items: g.items.map((i) => ({ ...i, dataType: dataType(i.dataType) })) })),
      })),
      sites: pooled.size ? [...kept, pooledSite] : kept,
    }
  }

  const subject = ({ patientId, record }: StoredSubject): SubjectRecord => {
    const shift = dateShiftDays(key, patientId)
    const date = (value: string | null) => transformDate(value, profile.dates, shift)
    const referenceDate = record.screeningDate ?? new Date().toISOString()
    const tooOld = (year: number) => ageAt(year, referenceDate) > OLDEST_REPORTED_AGE
    const siteOid = pooled.has(record.siteOid) ? POOLED_SITE_OID : record.siteOid

    const value = (itemOid: string, raw: string | null): string | null => {
      if (raw === null) return null
      const dataType = itemTypes.get(itemOid)
      // Free text can hold anything, names included: withheld (Safe Harbor's catch-all identifier).
      if (dataType === 'TEXT' || dataType === undefined) return null
      if (DATE_TYPES.has(dataType)) return date(raw)
      if (BIRTH_YEAR_ITEMS.has(itemOid) && tooOld(Number(raw))) return null
      return raw
    }
    const audit = (itemOid: string, records: AuditRecordData[]): AuditRecordData[] =>
      profile.audit === 'none'
        ? []
        : records.map((r) => ({
            userOid: r.userOid === null ? null : staffPseudonym(key, userIdOf(r.userOid)),
            siteOid,
            occurredAt: date(r.occurredAt),
            operation: r.operation,
            oldValue: value(itemOid, r.oldValue),
            newValue: value(itemOid, r.newValue),
            reasonForChange: null,
          }))
    const item = (v: ItemValueData): ItemValueData => ({
      ...v,
      value: value(v.itemOid, v.value),
      audit: audit(v.itemOid, v.audit),
    })

    return {
      subjectKey: subjectPseudonym(key, patientId),
      siteOid,
      sex: record.sex,
      yearOfBirth: record.yearOfBirth !== null && tooOld(record.yearOfBirth) ? null : record.yearOfBirth,
      ageGroup:
        record.yearOfBirth !== null && tooOld(record.yearOfBirth) ? `${OLDEST_REPORTED_AGE + 1}+` : record.ageGroup,
      enrollmentStatus: record.enrollmentStatus,
      screeningDate: date(record.screeningDate),
      enrollmentDate: date(record.enrollmentDate),
      withdrawnOn: date(record.withdrawnOn),
      visits: record.visits.map((v) => ({
        ...v,
        scheduledDate: date(v.scheduledDate),
        actualDate: date(v.actualDate),
        forms: v.forms.map((f) => ({ ...f, completedAt: date(f.completedAt), values: f.values.map(item) })),
      })),
      labs: record.labs.map((l) => ({ ...l, id: recordPseudonym(key, 'L', l.id), collectedAt: date(l.collectedAt) })),
      diaries: record.diaries.map((d) => ({ ...d, id: recordPseudonym(key, 'D', d.id), entryDate: date(d.entryDate) })),
      alerts: record.alerts.map((a) => ({
        ...a,
        id: recordPseudonym(key, 'A', a.id),
        summary: null,
        detectedAt: date(a.detectedAt),
      })),
      people:
        profile.audit === 'none'
          ? []
          : record.people.map((u) => {
              const oid = staffPseudonym(key, userIdOf(u.oid))
              return { oid, displayName: oid, givenName: null, familyName: null, email: null, organization: null }
            }),
    }
  }
  return { metadata, subject }
}
