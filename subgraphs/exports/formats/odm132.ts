import type {
  CodeListMeta,
  Exporter,
  ExportHeader,
  FormData,
  FormMeta,
  ItemValueData,
  StudyMetadata,
  SubjectRecord,
  UserMeta,
  VisitData,
} from './exportModel'
import { withSpoolDirectory } from './spoolFile'
import { attributes, xmlEscape } from './xmlText'

/**
 * CDISC ODM 1.3.2 (the exchange format of EDC systems): the study's metadata — events, forms,
 * item groups, items, code lists, units — then AdminData (the people named in audit records and
 * the sites) and ClinicalData. Element order is the XSD's (subgraphs/exports/standards/odm-1.3.2),
 * which the tests validate every file against.
 *
 * Without audit records the file is a Snapshot: each value once, as stored. With them it is
 * Transactional: each value's history in order, one ItemData per change with its AuditRecord
 * (ODM allows one AuditRecord per ItemData), the last one being the stored value.
 */
const NS = 'http://www.cdisc.org/ns/odm/v1.3'
const MDV_OID = 'MDV.1'

const DATA_TYPES: Record<string, string> = {
  TEXT: 'text',
  CODED: 'text',
  INTEGER: 'integer',
  DECIMAL: 'float',
  DATE: 'date',
  PARTIAL_DATE: 'partialDate',
  DATETIME: 'datetime',
  BOOLEAN: 'boolean',
}
const odmDataType = (t: string) => DATA_TYPES[t] ?? 'text'
const unitOid = (unit: string) => `MU.${unit.replace(/[^A-Za-z0-9]+/g, '_')}`
const text = (s: string) => `<TranslatedText xml:lang="en">${xmlEscape(s)}</TranslatedText>`

function metaDataVersion(study: StudyMetadata): string {
  const parts: string[] = [
    `<MetaDataVersion${attributes({ OID: MDV_OID, Name: `${study.protocolId} data collection` })}>`,
  ]
  parts.push('<Protocol>')
  study.events.forEach((e, i) =>
    parts.push(
      `<StudyEventRef${attributes({ StudyEventOID: e.oid, OrderNumber: i + 1, Mandatory: e.repeating ? 'No' : 'Yes' })}/>`,
    ),
  )
  parts.push('</Protocol>')
  for (const e of study.events) {
    const type = e.repeating ? 'Unscheduled' : 'Scheduled'
    parts.push(
      `<StudyEventDef${attributes({ OID: e.oid, Name: e.name, Repeating: e.repeating ? 'Yes' : 'No', Type: type })}>`,
    )
    e.formOids.forEach((f, i) =>
      parts.push(`<FormRef${attributes({ FormOID: f, OrderNumber: i + 1, Mandatory: 'No' })}/>`),
    )
    parts.push('</StudyEventDef>')
  }
  for (const f of study.forms) {
    parts.push(`<FormDef${attributes({ OID: f.oid, Name: f.name, Repeating: 'No' })}>`)
    f.groups.forEach((g, i) =>
      parts.push(`<ItemGroupRef${attributes({ ItemGroupOID: g.oid, OrderNumber: i + 1, Mandatory: 'Yes' })}/>`),
    )
    parts.push('</FormDef>')
  }
  const groups = uniqueBy(
    study.forms.flatMap((f) => f.groups),
    (g) => g.oid,
  )
  for (const g of groups) {
    parts.push(`<ItemGroupDef${attributes({ OID: g.oid, Name: g.name, Repeating: g.repeating ? 'Yes' : 'No' })}>`)
    g.items.forEach((item, i) =>
      parts.push(`<ItemRef${attributes({ ItemOID: item.oid, OrderNumber: i + 1, Mandatory: 'No' })}/>`),
    )
    parts.push('</ItemGroupDef>')
  }
  for (const item of uniqueBy(
    groups.flatMap((g) => g.items),
    (i) => i.oid,
  )) {
    const attrs = {
      OID: item.oid,
      Name: item.label,
      DataType: odmDataType(item.dataType),
      Length: item.maxLength,
      SignificantDigits: item.precision,
    }
    parts.push(`<ItemDef${attributes(attrs)}><Question>${text(item.label)}</Question>`)
    if (item.unit) parts.push(`<MeasurementUnitRef${attributes({ MeasurementUnitOID: unitOid(item.unit) })}/>`)
    if (item.codeListOid) parts.push(`<CodeListRef${attributes({ CodeListOID: item.codeListOid })}/>`)
    parts.push('</ItemDef>')
  }
  for (const list of study.codeLists) parts.push(codeList(list))
  parts.push('</MetaDataVersion>')
  return parts.join('\n')
}

const codeList = (list: CodeListMeta) =>
  `<CodeList${attributes({ OID: list.oid, Name: list.name, DataType: 'text' })}>` +
  list.items
    .map(
      (i) =>
        `<CodeListItem${attributes({ CodedValue: i.codedValue })}><Decode>${text(i.decode)}</Decode></CodeListItem>`,
    )
    .join('') +
  '</CodeList>'

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>()
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item)
  return [...seen.values()]
}

function studyElement(study: StudyMetadata): string {
  const units = uniqueBy(
    study.forms.flatMap((f: FormMeta) => f.groups.flatMap((g) => g.items)).filter((i) => i.unit),
    (i) => i.unit!,
  )
  const basic = units.length
    ? `<BasicDefinitions>${units.map((i) => `<MeasurementUnit${attributes({ OID: unitOid(i.unit!), Name: i.unit })}><Symbol>${text(i.unit!)}</Symbol></MeasurementUnit>`).join('')}</BasicDefinitions>`
    : ''
  return (
    `<Study${attributes({ OID: study.oid })}>\n<GlobalVariables><StudyName>${xmlEscape(study.protocolId)}</StudyName>` +
    `<StudyDescription>${xmlEscape(study.title)}</StudyDescription><ProtocolName>${xmlEscape(study.protocolId)}</ProtocolName></GlobalVariables>\n` +
    `${basic}\n${metaDataVersion(study)}\n</Study>`
  )
}

function adminData(study: StudyMetadata, people: Iterable<UserMeta>, effectiveDate: string): string {
  const parts = [`<AdminData${attributes({ StudyOID: study.oid })}>`]
  for (const u of people) {
    parts.push(`<User${attributes({ OID: u.oid })}><DisplayName>${xmlEscape(u.displayName)}</DisplayName>`)
    if (u.givenName) parts.push(`<FirstName>${xmlEscape(u.givenName)}</FirstName>`)
    if (u.familyName) parts.push(`<LastName>${xmlEscape(u.familyName)}</LastName>`)
    if (u.organization) parts.push(`<Organization>${xmlEscape(u.organization)}</Organization>`)
    if (u.email) parts.push(`<Email>${xmlEscape(u.email)}</Email>`)
    parts.push('</User>')
  }
  for (const s of study.sites) {
    parts.push(
      `<Location${attributes({ OID: s.oid, Name: `${s.siteNumber} ${s.name}`, LocationType: 'Site' })}>` +
        `<MetaDataVersionRef${attributes({ StudyOID: study.oid, MetaDataVersionOID: MDV_OID, EffectiveDate: effectiveDate })}/></Location>`,
    )
  }
  parts.push('</AdminData>')
  return parts.join('\n')
}

function itemData(v: ItemValueData, transactional: boolean): string {
  const value = (raw: string | null) => (raw === null ? { IsNull: 'Yes' } : { Value: raw })
  if (!transactional) return `<ItemData${attributes({ ItemOID: v.itemOid, ...value(v.value) })}/>`
  const history = v.audit.filter((r) => r.occurredAt !== null && r.userOid !== null)
  if (history.length === 0)
    return `<ItemData${attributes({ ItemOID: v.itemOid, TransactionType: 'Insert', ...value(v.value) })}/>`
  return history
    .map((r, i) => {
      const transaction = i === 0 ? 'Insert' : 'Update'
      const reason = r.reasonForChange ? `<ReasonForChange>${xmlEscape(r.reasonForChange)}</ReasonForChange>` : ''
      return (
        `<ItemData${attributes({ ItemOID: v.itemOid, TransactionType: transaction, ...value(r.newValue) })}>` +
        `<AuditRecord><UserRef${attributes({ UserOID: r.userOid })}/><LocationRef${attributes({ LocationOID: r.siteOid })}/>` +
        `<DateTimeStamp>${r.occurredAt}</DateTimeStamp>${reason}</AuditRecord></ItemData>`
      )
    })
    .join('')
}

function formData(form: FormData, transactional: boolean): string {
  const tx = transactional ? { TransactionType: 'Upsert' } : {}
  const groups = new Map<string, ItemValueData[]>()
  for (const v of form.values) {
    const key = `${v.groupOid}\u0000${v.groupRepeatKey}`
    const group = groups.get(key)
    if (group) group.push(v)
    else groups.set(key, [v])
  }
  const body = [...groups.values()]
    .map((values) => {
      const { groupOid, groupRepeatKey } = values[0]!
      return `<ItemGroupData${attributes({ ItemGroupOID: groupOid, ItemGroupRepeatKey: groupRepeatKey, ...tx })}>${values.map((v) => itemData(v, transactional)).join('')}</ItemGroupData>`
    })
    .join('')
  return `<FormData${attributes({ FormOID: form.formOid, ...tx })}>${body}</FormData>`
}

function subjectData(subject: SubjectRecord, transactional: boolean): string {
  const tx = transactional ? { TransactionType: 'Upsert' } : {}
  const events = subject.visits
    .filter((v: VisitData) => v.forms.length > 0)
    .map(
      (v) =>
        `<StudyEventData${attributes({ StudyEventOID: v.eventOid, StudyEventRepeatKey: v.repeatKey, ...tx })}>` +
        v.forms.map((f) => formData(f, transactional)).join('') +
        '</StudyEventData>',
    )
  return (
    `<SubjectData${attributes({ SubjectKey: subject.subjectKey, ...tx })}><SiteRef${attributes({ LocationOID: subject.siteOid })}/>` +
    `${events.join('\n')}</SubjectData>\n`
  )
}

export const odm132: Exporter = {
  format: 'odm',
  extension: 'xml',
  mediaType: 'application/xml',
  async write(header: ExportHeader, study: StudyMetadata, subjects: AsyncIterable<SubjectRecord>, out) {
    const transactional = header.includeAudit
    // AdminData comes before ClinicalData and lists everyone the audit records name, known only
    // once every subject is read: the clinical data goes to a temporary file first.
    await withSpoolDirectory(async (open) => {
      const clinical = open('clinical.xml')
      const people = new Map<string, UserMeta>()
      for await (const subject of subjects) {
        if (transactional) for (const p of subject.people) people.set(p.oid, p)
        await clinical.write(subjectData(subject, transactional))
      }
      await clinical.close()
      const odm = attributes({
        xmlns: NS,
        FileType: transactional ? 'Transactional' : 'Snapshot',
        FileOID: `EXPORT.${header.exportId}`,
        CreationDateTime: header.createdAt,
        ODMVersion: '1.3.2',
        Originator: 'trial-supergraph',
        SourceSystem: 'trial-supergraph',
      })
      await out(`<?xml version="1.0" encoding="UTF-8"?>\n<ODM${odm}>\n${studyElement(study)}\n`)
      await out(
        `${adminData(
          study,
          [...people.values()].sort((a, b) => a.oid.localeCompare(b.oid)),
          header.createdAt.slice(0, 10),
        )}\n`,
      )
      await out(`<ClinicalData${attributes({ StudyOID: study.oid, MetaDataVersionOID: MDV_OID })}>\n`)
      await clinical.replay(out)
      await out('</ClinicalData>\n</ODM>\n')
    })
  },
}
