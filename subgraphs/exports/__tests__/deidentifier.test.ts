import { createDeidentifier, POOLED_SITE_OID } from '../deidentify/deidentifier'
import { transformDate } from '../deidentify/dates'
import { PROFILES } from '../deidentify/profiles'
import { dateShiftDays, recipientKey, subjectPseudonym } from '../deidentify/pseudonym'
import { sampleStudy, storedSubject } from './sampleStudy'

const SECRET = 's'.repeat(40)
const sponsorKey = recipientKey(SECRET, 'sponsor:Acme')

it('pseudonyms: stable per recipient, different between recipients, not the subject number', () => {
  const id = storedSubject(1).patientId
  expect(subjectPseudonym(sponsorKey, id)).toBe(subjectPseudonym(recipientKey(SECRET, 'sponsor:Acme'), id))
  expect(subjectPseudonym(sponsorKey, id)).not.toBe(subjectPseudonym(recipientKey(SECRET, 'regulator:EMA'), id))
  expect(subjectPseudonym(sponsorKey, id)).toMatch(/^S-[0-9A-HJKMNP-TV-Z]{12}$/)
})

it('date shifts: within ±180 days, never 0, the same for a subject every time', () => {
  const shifts = Array.from({ length: 500 }, (_, i) => dateShiftDays(sponsorKey, `patient-${i}`))
  expect(shifts.every((d) => d !== 0 && Math.abs(d) <= 180)).toBe(true)
  expect(new Set(shifts).size).toBeGreaterThan(200)
  expect(dateShiftDays(sponsorKey, 'patient-7')).toBe(shifts[7])
})

it.each([
  ['2026-03-10', 'shift', 10, '2026-03-20'],
  ['2026-03-10T10:00:00.000Z', 'shift', -10, '2026-02-28T10:00:00.000Z'],
  ['2026-03', 'shift', 10, '2026'],
  ['2026-03-10', 'year', 10, '2026'],
  ['2026-03-10', 'exact', 10, '2026-03-10'],
] as const)('%s under %s (%i days) is %s', (value, policy, days, expected) => {
  expect(transformDate(value, policy, days)).toBe(expected)
})

it('a sponsor export: intervals kept, free text and reasons dropped, ages over 89 grouped, small sites pooled', () => {
  const d = createDeidentifier(PROFILES.sponsor, sponsorKey)
  const study = d.metadata(
    sampleStudy,
    new Map([
      ['LOC.101', 12],
      ['LOC.102', 2],
    ]),
  )
  expect(study.sites.map((s) => s.oid)).toEqual(['LOC.101', POOLED_SITE_OID])
  const young = d.subject(storedSubject(1))
  const old = d.subject(storedSubject(2, 'LOC.102', 1930))
  const day = (s: string) => Date.parse(s.slice(0, 10)) / 86_400_000
  expect(day(young.enrollmentDate!) - day(young.screeningDate!)).toBe(7)
  expect(young.screeningDate).not.toBe('2026-03-02')
  const values = young.visits[0]!.forms.flatMap((f) => f.values)
  expect(values.find((v) => v.itemOid === 'I.COMMENT')!.value).toBeNull()
  expect(values.flatMap((v) => v.audit).map((r) => r.reasonForChange)).toEqual([null, null])
  expect(young.alerts[0]!.summary).toBeNull()
  expect(young.people.map((p) => [p.givenName, p.email])).toEqual([[null, null]])
  expect([old.yearOfBirth, old.ageGroup, old.siteOid]).toEqual([null, '90+', POOLED_SITE_OID])
  expect(old.visits[0]!.forms[0]!.values.find((v) => v.itemOid === 'I.BRTHYR')!.value).toBeNull()
})

it('identified: the record as stored', () => {
  const stored = storedSubject(1)
  expect(createDeidentifier(PROFILES.identified, null).subject(stored)).toBe(stored.record)
})
