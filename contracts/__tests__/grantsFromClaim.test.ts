import { grantsFromClaim } from '../identity'

// The `grants` claim of access tokens and gateway assertions: a list of grants with known roles,
// ids as strings or absent; anything else refuses the whole token.
it.each([
  [
    [{ role: 'CRC', studyId: 's', siteId: 'x', patientId: null }],
    [{ role: 'CRC', studyId: 's', siteId: 'x', patientId: null }],
  ],
  [[{ role: 'SPONSOR', studyId: 's' }], [{ role: 'SPONSOR', studyId: 's', siteId: null, patientId: null }]],
  [[{ role: 'MONITOR', studyId: 42 }], [{ role: 'MONITOR', studyId: null, siteId: null, patientId: null }]],
  // An export job's credential (contracts/exportCredential.ts): never a person's role, but a known one.
  [
    [{ role: 'EXPORT_READER', studyId: 's', siteId: null, patientId: null }],
    [{ role: 'EXPORT_READER', studyId: 's', siteId: null, patientId: null }],
  ],
  [[], []],
])('reads %j', (claim, grants) => {
  expect(grantsFromClaim(claim)).toEqual(grants)
})

it.each([
  [undefined],
  ['CRC'],
  [{ role: 'CRC' }],
  [[{ role: 'ADMIN', studyId: 's' }]],
  [[null]],
  [[{ role: 'CRC' }, { role: 'ROOT' }]],
])('refuses %j', (claim) => {
  expect(grantsFromClaim(claim)).toBeNull()
})
