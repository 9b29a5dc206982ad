import { changedValues, findingsOf, needsReasonForChange, rowsOf, storedByKey, type ItemGroup } from '../formDraft'

const stored = (group: string, row: number, item: string, value: string | null) => ({
  group,
  row,
  item,
  value,
  verified: false,
  verifiedAt: null,
  updatedAt: '2026-12-01T10:00:00.000Z',
})

describe('form draft', () => {
  const values = [stored('IG.VS', 1, 'SYSBP', '120'), stored('IG.CM', 1, 'CMTRT', 'Aspirin')]

  it('sends only what changed; an emptied field blanks the item, an untouched blank is no change', () => {
    const draft = { 'IG.VS|1|SYSBP': '120', 'IG.VS|1|DIABP': ' 80 ', 'IG.CM|1|CMTRT': '', 'IG.VS|1|PULSE': '' }
    expect(changedValues(draft, storedByKey(values))).toEqual([
      { group: 'IG.VS', row: 1, item: 'DIABP', value: '80' },
      { group: 'IG.CM', row: 1, item: 'CMTRT', value: null },
    ])
  })

  it('shows one blank row more in a repeating group, one row in a plain one', () => {
    const repeating = { oid: 'IG.CM', repeating: true } as ItemGroup
    expect(rowsOf(repeating, values, {})).toEqual([1, 2])
    expect(rowsOf(repeating, values, { 'IG.CM|2|CMTRT': 'Ibuprofen' })).toEqual([1, 2, 3])
    expect(rowsOf(repeating, [], {})).toEqual([1])
    expect(rowsOf({ oid: 'IG.VS', repeating: false } as ItemGroup, values, {})).toEqual([1])
  })

  it('asks a reason once the form was completed, whatever it is at now', () => {
    expect(needsReasonForChange({ status: 'IN_PROGRESS', completedAt: null })).toBe(false)
    expect(needsReasonForChange({ status: 'COMPLETE', completedAt: '2026-12-01T10:00:00.000Z' })).toBe(true)
    expect(needsReasonForChange({ status: 'VERIFIED', completedAt: null })).toBe(true)
  })

  it('reads the findings of a refused save, skipping malformed ones', () => {
    expect(
      findingsOf({
        findings: [{ checkId: 'SYSBP.RANGE', group: 'IG.VS', row: 1, item: 'SYSBP', message: 'Too high.' }, { x: 1 }],
      }),
    ).toEqual([{ group: 'IG.VS', row: 1, item: 'SYSBP', message: 'Too high.' }])
    expect(findingsOf(undefined)).toEqual([])
  })
})
