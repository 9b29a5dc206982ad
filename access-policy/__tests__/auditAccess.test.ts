import { mayReadAuditTrail } from '../auditAccess'
import type { Identity } from '../../contracts/identity'

describe('mayReadAuditTrail', () => {
  const as = (role: string, studyId: string | null, siteId: string | null = null): Identity => ({
    userId: 'u',
    sessionId: 's',
    grants: [{ role, studyId, siteId, patientId: null } as Identity['grants'][number]],
  })
  const scope = [{ studyId: 'S1', siteId: 'site-1' }]
  it.each<[string, Identity | null, boolean]>([
    ['a study-level data manager', as('DATA_MANAGER', 'S1'), true],
    ['a study-level monitor', as('MONITOR', 'S1'), true],
    ["a monitor of the record's site", as('MONITOR', 'S1', 'site-1'), true],
    ['a monitor of another site', as('MONITOR', 'S1', 'site-2'), false],
    ['a data manager of another study', as('DATA_MANAGER', 'S2'), false],
    ['a CRC of the site', as('CRC', 'S1', 'site-1'), false],
    ['an investigator', as('INVESTIGATOR', 'S1'), false],
    ['a sponsor', as('SPONSOR', 'S1'), false],
    ["an export job's credential for the study", as('EXPORT_READER', 'S1'), true],
    ["an export job's credential for another study", as('EXPORT_READER', 'S2'), false],
    ['a patient', as('PATIENT', 'S1', 'site-1'), false],
    ['a grant without a study', as('MONITOR', null), false],
    ['anonymous', null, false],
  ])('%s: %s', (_label, identity, allowed) => {
    expect(mayReadAuditTrail(identity, scope)).toBe(allowed)
  })
  it('a record without a site needs a study-level grant', () => {
    expect(mayReadAuditTrail(as('MONITOR', 'S1', 'site-1'), [{ studyId: 'S1', siteId: null }])).toBe(false)
    expect(mayReadAuditTrail(as('MONITOR', 'S1'), [{ studyId: 'S1', siteId: null }])).toBe(true)
    expect(mayReadAuditTrail(as('MONITOR', 'S1'), [])).toBe(false)
  })
})
