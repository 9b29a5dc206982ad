/** A recruiting study as patients' registry holds it, with the two criteria the tests answer. */
export const recruitingStudy = (studyId: string, protocolId: string) => ({
  studyId,
  protocolId,
  status: 'RECRUITING',
  eligibilityCriteria: [
    { code: 'IN-1', kind: 'INCLUSION' },
    { code: 'EX-1', kind: 'EXCLUSION' },
  ],
})
