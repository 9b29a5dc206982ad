import type { Grant, Identity } from '../../contracts/identity'
import { mayScreenOrEnroll } from '../enrollmentPolicy'

const site1 = { studyId: 'study-A', siteId: 'site-1' }
const as = (grant: Partial<Grant>): Identity => ({
  userId: 'u',
  sessionId: 's',
  grants: [{ role: 'CRC', studyId: 'study-A', siteId: null, patientId: null, ...grant }],
})

// [who, may screen and enroll at site-1 of study-A]
const CASES: [string, Identity | null, boolean][] = [
  ['CRC of the site', as({ role: 'CRC', siteId: 'site-1' }), true],
  ['investigator of the site', as({ role: 'INVESTIGATOR', siteId: 'site-1' }), true],
  ['CRC of another site', as({ role: 'CRC', siteId: 'site-2' }), false],
  ['investigator of another study', as({ role: 'INVESTIGATOR', studyId: 'study-B', siteId: 'site-1' }), false],
  ['monitor of the study', as({ role: 'MONITOR' }), false],
  ['data manager of the study', as({ role: 'DATA_MANAGER' }), false],
  ['sponsor', as({ role: 'SPONSOR' }), false],
  ["an export job's credential for the study", as({ role: 'EXPORT_READER' }), false],
  ['patient of the site', as({ role: 'PATIENT', siteId: 'site-1', patientId: 'p' }), false],
  ['anonymous', null, false],
]

it.each(CASES)('%s → %s', (_who, identity, expected) => {
  expect(mayScreenOrEnroll(identity, site1)).toBe(expected)
})
