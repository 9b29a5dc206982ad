import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type pg from 'pg'

/** The patient app's diary submission (its variables: `{ input: diaryEntryInput(…) }`). */
export const SUBMIT = fs.readFileSync(
  path.join(__dirname, '..', '..', 'schema', 'operations', 'SubmitEproEntry.graphql'),
  'utf8',
)

/**
 * Synthetic diary enrollments (epro's own tables: the subject registry and the diary) so thousands
 * of distinct patients can each send one entry; all at one site, entered by its CRC.
 */
export async function enrolSyntheticPatients(
  epro: pg.Client,
  count: number,
): Promise<{ patientIds: string[]; siteId: string }> {
  const { rows } = await epro.query(
    `SELECT e.questionnaire_id, e.study_id, e.site_id FROM diary_enrollment e JOIN questionnaire q ON q.id = e.questionnaire_id WHERE q.frequency = 'DAILY' LIMIT 1`,
  )
  const template = rows[0] as { questionnaire_id: string; study_id: string; site_id: string }
  const ids = Array.from({ length: count }, () => crypto.randomUUID())
  for (let i = 0; i < ids.length; i += 1000) {
    const chunk = ids.slice(i, i + 1000)
    await epro.query(`INSERT INTO subject (patient_id, study_id, site_id) SELECT p, $2, $3 FROM unnest($1::uuid[]) p`, [
      chunk,
      template.study_id,
      template.site_id,
    ])
    await epro.query(
      `INSERT INTO diary_enrollment (id, patient_id, questionnaire_id, study_id, site_id, start_date, time_zone) SELECT gen_random_uuid(), p, $2, $3, $4, DATE '2026-11-01', 'UTC' FROM unnest($1::uuid[]) p`,
      [chunk, template.questionnaire_id, template.study_id, template.site_id],
    )
    const done = Math.min(i + 1000, count)
    if (process.stdout.isTTY)
      process.stdout.write(`\renrolling synthetic diary patients: ${done}/${count}${done === count ? '\n' : ''}`)
    else if (done % 20_000 === 0 || done === count) console.log(`enrolling synthetic diary patients: ${done}/${count}`)
  }
  return { patientIds: ids, siteId: template.site_id }
}
