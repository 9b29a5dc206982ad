import type pg from 'pg'
import { itemIdOf } from '../../subgraphs/edc/forms/formIdentity'
import { formValues, VALUES_PER_SAVE, type SavedForm } from './formSaves'

/**
 * What was stored against what was acknowledged, per form: its version (every save increments it
 * once), its 30 values (those of the last acknowledged save), the audit entries of its values
 * after the first saves (30 per acknowledged save) and its open CM.END_GE_START query (one).
 */
export async function checkStored(
  edc: pg.Client,
  forms: readonly SavedForm[],
  initialVersion: ReadonlyMap<string, number>,
  acknowledged: ReadonlyMap<string, number>,
  auditCut: string,
  conflicts: number,
) {
  const ids = forms.map((f) => f.formId)
  const version = new Map(
    (
      await edc.query<{ id: string; version: number }>(`SELECT id, version FROM form_data WHERE id = ANY($1::uuid[])`, [
        ids,
      ])
    ).rows.map((r) => [r.id, r.version]),
  )
  let savesAcknowledged = 0
  let versionsMissing = 0
  let versionsUnacknowledged = 0
  for (const f of forms) {
    const expected = initialVersion.get(f.formId)! + acknowledged.get(f.formId)!
    savesAcknowledged += acknowledged.get(f.formId)!
    versionsMissing += Math.max(0, expected - version.get(f.formId)!)
    versionsUnacknowledged += Math.max(0, version.get(f.formId)! - expected)
  }
  const { rows: items } = await edc.query<{
    form_data_id: string
    group_oid: string
    row: number
    item_oid: string
    value: string | null
  }>(`SELECT form_data_id, group_oid, row, item_oid, value FROM item_data WHERE form_data_id = ANY($1::uuid[])`, [ids])
  const storedAt = new Map(items.map((i) => [`${i.form_data_id}|${i.group_oid}|${i.row}|${i.item_oid}`, i.value]))
  let valuesWrong = 0
  for (const f of forms)
    for (const v of formValues(version.get(f.formId)! - 1))
      if (storedAt.get(`${f.formId}|${v.group}|${v.row}|${v.item}`) !== v.value) valuesWrong += 1
  const itemIds = forms.flatMap((f) => formValues(0).map((v) => itemIdOf(f.formId, v.group, v.row, v.item)))
  const auditEntries = Number(
    (
      await edc.query(
        `SELECT count(*) AS n FROM audit_event
         WHERE entity_type = 'ItemData' AND entity_id = ANY($1::text[]) AND sequence > $2 AND field LIKE 'IG.%'`,
        [itemIds, auditCut],
      )
    ).rows[0].n,
  )
  const savesAfterFirst = savesAcknowledged - forms.length
  const { rows: queries } = await edc.query<{ form_data_id: string; n: string }>(
    `SELECT form_data_id, count(*) AS n FROM data_query
     WHERE form_data_id = ANY($1::uuid[]) AND check_id = 'CM.END_GE_START' AND group_oid = 'IG.CM' AND row = 1
       AND status <> 'CLOSED' GROUP BY form_data_id`,
    [ids],
  )
  const formsWithoutQuery = forms.length - queries.length
  const extraQueries = queries.reduce((n, q) => n + Number(q.n) - 1, 0)
  const expectedAudit = savesAfterFirst * VALUES_PER_SAVE
  return {
    forms: forms.length,
    'saves acknowledged (first saves, probes and load)': savesAcknowledged,
    'version conflicts (must be 0)': conflicts,
    'form versions missing an acknowledged save': versionsMissing,
    'form versions with no acknowledged save': versionsUnacknowledged,
    'values not those of the last acknowledged save': valuesWrong,
    [`value audit entries after the first saves (expected ${expectedAudit})`]: auditEntries,
    'forms without their open CM.END_GE_START query': formsWithoutQuery,
    'duplicate open CM.END_GE_START queries': extraQueries,
    lost: versionsMissing + valuesWrong + Math.max(0, expectedAudit - auditEntries) + formsWithoutQuery,
    duplicated: versionsUnacknowledged + Math.max(0, auditEntries - expectedAudit) + extraQueries,
  }
}
