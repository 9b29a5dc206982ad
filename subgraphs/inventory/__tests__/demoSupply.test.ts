import { demoDataset } from '../../../demo-data'
import { demoSupply } from '../demo/demoSupply'
import { generateBlocks } from '../randomization/permutedBlocks'

// The demo allocations agree with what the patients seed says about its randomised patients.
const { studies, patients } = demoDataset()
const supply = demoSupply({ studies, patients })
const armById = new Map(supply.arms.map((a) => [a.id, a]))

test('every randomised demo patient has one list position and one dispensed kit, both of their demo arm', () => {
  const randomised = patients.patients.filter((p) => p.arm !== null && p.enrollmentDate !== null)
  expect(randomised.length).toBeGreaterThan(0)
  const treatment = new Map(supply.treatments.map((t) => [t.kitId, t.armId]))
  for (const patient of randomised) {
    const entries = supply.entries.filter((e) => e.patientId === patient.id)
    const kits = supply.kits.filter((k) => k.patientId === patient.id)
    expect(entries.map((e) => armById.get(e.armId)!.code)).toEqual([patient.arm])
    expect(kits.map((k) => [k.status, armById.get(treatment.get(k.id)!)!.code])).toEqual([['DISPENSED', patient.arm]])
  }
  expect(supply.entries.filter((e) => e.patientId).length).toBe(randomised.length)
})

test('positions after the imported ones are the algorithm’s blocks, per site, numbered on', () => {
  for (const site of studies.sites) {
    const list = supply.lists.find((l) => l.studyId === site.studyId)!
    const mine = supply.entries.filter((e) => e.siteId === site.id).sort((a, b) => a.position - b.position)
    expect(mine.map((e) => e.position)).toEqual([...mine.keys()])
    const generated = mine.filter((e) => e.source === 'GENERATED')
    const arms = supply.arms
      .filter((a) => a.studyId === site.studyId)
      .map((a) => ({ armId: a.id, code: a.code, ratio: 1 }))
    const spec = {
      seed: list.seed,
      listId: list.id,
      siteId: site.id,
      siteNumber: site.siteNumber,
      arms,
      multipliers: [2, 3],
    }
    expect(generated.map((e) => e.armId)).toEqual(
      generateBlocks(spec, 1, 3, mine.length - generated.length).map((e) => e.armId),
    )
  }
})

test('randomisation numbers are unique within each list, kit numbers within each study (site numbers repeat across studies)', () => {
  for (const list of supply.lists) {
    const numbers = supply.entries.filter((e) => e.listId === list.id).map((e) => e.randomizationNumber)
    expect(new Set(numbers).size).toBe(numbers.length)
    const kitNumbers = supply.kits.filter((k) => k.studyId === list.studyId).map((k) => k.kitNumber)
    expect(new Set(kitNumbers).size).toBe(kitNumbers.length)
  }
})

test('the demo supply is deterministic', () => {
  expect(demoSupply({ studies, patients })).toEqual(supply)
})
