// Sizes, determinism and stable ids of the demo dataset.
import { createHash } from 'node:crypto'
import { DEFAULT_SCALE, demoDataset, generateDemoDataset, stableUuid } from '../index'
import { DEFAULT_ANCHOR, SMALL } from './options'

const dataset = demoDataset()

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

describe('generateDemoDataset: sizes', () => {
  it('matches the default scale', () => {
    expect(DEFAULT_SCALE).toMatchObject({
      studies: 2,
      sitesPerStudy: [4, 2],
      staffUsers: 40,
      patients: 600,
      eproEntries: 20_000,
      labResults: 8_000,
    })
    expect(dataset.studies.studies).toHaveLength(2)
    expect(dataset.studies.sites).toHaveLength(6)
    const [onc, rhe] = dataset.studies.studies
    expect(dataset.studies.sites.filter((s) => s.studyId === onc!.id)).toHaveLength(4)
    expect(dataset.studies.sites.filter((s) => s.studyId === rhe!.id)).toHaveLength(2)
    const patientAccounts = dataset.users.roleAssignments.filter((r) => r.role === 'PATIENT')
    expect(patientAccounts).toHaveLength(6)
    // 40 staff, a study manager, an unblinded pharmacist per oncology site, a patient account per site.
    expect(dataset.users.users).toHaveLength(40 + 1 + 4 + 6)
    expect(dataset.patients.patients).toHaveLength(600)
    for (const site of dataset.studies.sites)
      expect(dataset.patients.patients.filter((p) => p.siteId === site.id)).toHaveLength(100)
    expect(dataset.epro.questionnaires).toHaveLength(2)
    expect(dataset.epro.submissions).toHaveLength(20_000)
    expect(dataset.labs.labResults).toHaveLength(8_000)
  })

  it('matches a custom scale exactly', () => {
    const small = generateDemoDataset(SMALL)
    expect(small.studies.sites).toHaveLength(3)
    expect(small.users.users).toHaveLength(20 + 1 + 2 + 3)
    expect(small.patients.patients).toHaveLength(61)
    expect(small.epro.submissions).toHaveLength(1_500)
    expect(small.labs.labResults).toHaveLength(700)
  })

  it('rejects scales it cannot honour', () => {
    expect(() => generateDemoDataset({ scale: { staffUsers: 10 } })).toThrow(RangeError)
    expect(() => generateDemoDataset({ scale: { sitesPerStudy: [20, 2] } })).toThrow(RangeError)
    expect(() => generateDemoDataset({ scale: { eproEntries: 10_000_000 } })).toThrow(RangeError)
    expect(() => generateDemoDataset({ anchorDate: new Date('not a date') })).toThrow(RangeError)
  })
})

describe('generateDemoDataset: determinism', () => {
  it('gives byte-identical output for the same options', () => {
    const again = generateDemoDataset({ anchorDate: DEFAULT_ANCHOR, seed: undefined })
    expect(again).toEqual(dataset)
    expect(JSON.stringify(again)).toBe(JSON.stringify(dataset))
    expect(JSON.stringify(generateDemoDataset(SMALL))).toBe(JSON.stringify(generateDemoDataset(SMALL)))
  })

  it('changes clinical data with the seed but keeps reference data and natural-key ids', () => {
    const other = generateDemoDataset({ seed: 99 })
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(dataset))
    expect(other.epro.submissions.map((s) => s.painScore)).not.toEqual(dataset.epro.submissions.map((s) => s.painScore))
    // Which patients hold the slots is a clinical draw; how many each site has taken is not.
    const { slotReservations: otherSlots, ...otherStudies } = other.studies
    const { slotReservations: slots, ...studies } = dataset.studies
    expect(otherStudies).toEqual(studies)
    expect(otherSlots).toHaveLength(slots.length)
    expect(other.users.users.slice(0, 40)).toEqual(dataset.users.users.slice(0, 40))
    expect(other.patients.patients.map((p) => p.id)).toEqual(dataset.patients.patients.map((p) => p.id))
  })
})

describe('stableUuid', () => {
  it('is an RFC 9562 version 8 UUID over sha256 of the kind and key', () => {
    const id = stableUuid('patient', 'ONC-3017-101-0001')
    expect(id).toMatch(UUID_V8)
    const hash = createHash('sha256').update('trial-demo:patient:ONC-3017-101-0001').digest('hex')
    const hex = id.replace(/-/g, '')
    expect(hex.slice(0, 12)).toBe(hash.slice(0, 12))
    expect(hex.slice(13, 16)).toBe(hash.slice(13, 16))
    expect(hex.slice(18)).toBe(hash.slice(18, 32))
    expect(stableUuid('patient', 'ONC-3017-101-0001')).toBe(id)
    expect(stableUuid('visit', 'ONC-3017-101-0001')).not.toBe(id)
    expect(stableUuid('n', 1)).toBe(stableUuid('n', '1'))
  })
})
