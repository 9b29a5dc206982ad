import { LAB_TEST_LIST, type LabTest, type ReferenceRange } from './loincPanel'
import type { AbnormalFlag, Sex } from './rowTypes'

/** Without a recorded sex, the lab reports the combined adult range. */
export function referenceRangeFor(labTest: LabTest, sex: Sex): ReferenceRange {
  const bySex = sex === 'FEMALE' || sex === 'MALE' ? labTest.reference[sex] : undefined
  return bySex ?? { low: labTest.reference.low, high: labTest.reference.high }
}

/** HL7 0078 interpretation of a (rounded) value against its range and the test's critical limits. */
export function abnormalFlagFor(value: number, range: ReferenceRange, labTest: LabTest): AbnormalFlag {
  if (value < range.low) return labTest.criticalLow !== null && value < labTest.criticalLow ? 'LL' : 'L'
  if (value > range.high) return labTest.criticalHigh !== null && value > labTest.criticalHigh ? 'HH' : 'H'
  return 'N'
}

export function labTestByLoinc(loincCode: string): LabTest | undefined {
  return LAB_TEST_LIST.find((t) => t.loincCode === loincCode)
}
