// Clinical consistency of the demo dataset: enrollment statuses against visits and diaries, diary
// entries, lab flags, and dates. Identity and integrity: demoDatasetIntegrity.
import { CTCAE_MAX_GRADE, LAB_TEST_LIST, PAIN_DIARY, abnormalFlagFor, labTestByLoinc, type DemoDataset } from '../index'
import { DATASETS, DAY_MS, day, violations } from './datasetChecks'

describe.each(DATASETS)('clinical consistency with %s', (_label, build: () => DemoDataset, anchor: Date) => {
  const data = build()
  const { users, roleAssignments } = data.users
  const { studies, sites } = data.studies
  const { patients, visits } = data.patients
  const { questionnaires, diaryEnrollments, submissions } = data.epro
  const { labResults } = data.labs
  const today = day(anchor)

  it('keeps patients, visits and diaries consistent with the enrollment status', () => {
    const statuses = new Set(patients.map((p) => p.enrollmentStatus))
    expect(statuses.has('ENROLLED')).toBe(true)
    for (const p of patients) {
      const study = studies.find((s) => s.id === p.studyId)!
      const site = sites.find((s) => s.id === p.siteId)!
      expect(p.subjectNumber).toMatch(new RegExp(`^${study.protocolId}-${site.siteNumber}-\\d{4}$`))
      expect(p.yearOfBirth).toBeGreaterThanOrEqual(1940)
      expect(p.yearOfBirth).toBeLessThanOrEqual(2005)
      expect(day(p.screeningDate)).toBeGreaterThanOrEqual(day(site.activatedAt!))
      const randomised = ['ENROLLED', 'COMPLETED', 'WITHDRAWN'].includes(p.enrollmentStatus)
      expect(p.enrollmentDate === null).toBe(!randomised)
      expect(p.arm === null).toBe(!randomised)
      if (randomised) expect(['A', 'B']).toContain(p.arm)
      if (p.enrollmentDate) expect(p.enrollmentDate.getTime()).toBeGreaterThan(p.screeningDate.getTime())

      const own = visits.filter((v) => v.patientId === p.id)
      expect(own.map((v) => v.visitNumber)).toEqual(own.map((_, i) => i + 1))
      expect(own[0]).toMatchObject({ visitType: 'SCREENING', status: 'COMPLETED', actualDate: p.screeningDate })
      if (p.enrollmentStatus === 'SCREEN_FAILED') expect(own).toHaveLength(1)
      if (p.enrollmentStatus === 'COMPLETED') expect(own.some((v) => v.status === 'SCHEDULED')).toBe(false)

      const diary = diaryEnrollments.filter((e) => e.patientId === p.id)
      expect(diary).toHaveLength(randomised ? 1 : 0)
      if (randomised) {
        expect(diary[0]!.startDate).toEqual(p.enrollmentDate)
        expect(diary[0]!.endDate === null).toBe(p.enrollmentStatus === 'ENROLLED')
      }
    }
    for (const v of visits) {
      if (v.status === 'SCHEDULED') expect(day(v.scheduledDate)).toBeGreaterThanOrEqual(today)
      else expect(day(v.scheduledDate)).toBeLessThan(today)
      expect(v.actualDate === null).toBe(v.status === 'SCHEDULED' || v.status === 'MISSED')
      if (v.actualDate && v.visitType !== 'END_OF_STUDY')
        expect(Math.abs(day(v.actualDate) - day(v.scheduledDate))).toBeLessThanOrEqual(3)
    }
  })

  it('keeps diary entries in range, in their diary period and in the entry window', () => {
    const diaryOf = new Map(diaryEnrollments.map((e) => [e.patientId, e]))
    const windowOf = new Map(questionnaires.map((q) => [q.id, q]))
    const maxGrade = new Map(Object.entries(CTCAE_MAX_GRADE))
    expect(
      violations(submissions, (s) => {
        const diary = diaryOf.get(s.patientId)!
        const q = windowOf.get(s.questionnaireId)!
        const minute = (s.deviceTimestamp.getTime() - s.entryDate.getTime()) / 60_000
        const windowClose = s.entryDate.getTime() + q.windowClosesMinute * 60_000
        return {
          'pain 0..10': Number.isInteger(s.painScore) && s.painScore >= 0 && s.painScore <= 10,
          'CTCAE term and grade': s.symptoms.every(
            (x) => maxGrade.has(x.term) && x.grade >= 1 && x.grade <= maxGrade.get(x.term)!,
          ),
          'after diary start': day(s.entryDate) >= day(diary.startDate),
          'before diary end': diary.endDate === null || day(s.entryDate) <= day(diary.endDate),
          'before today': day(s.entryDate) < today,
          'device time in window': minute >= q.windowOpensMinute && minute < q.windowClosesMinute,
          'received after completion': s.serverTimestamp.getTime() > s.deviceTimestamp.getTime(),
          'late iff received after the window': s.late === s.serverTimestamp.getTime() >= windowClose,
        }
      }),
    ).toEqual([])
    expect(questionnaires.every((q) => q.code === PAIN_DIARY.code && q.frequency === 'DAILY')).toBe(true)
  })

  it('flags lab results consistently with their reference ranges', () => {
    const completedVisitDays = new Set(
      visits.filter((v) => v.status === 'COMPLETED').map((v) => `${v.patientId}|${day(v.actualDate!)}`),
    )
    expect(
      violations(labResults, (l) => {
        const test = labTestByLoinc(l.loincCode)
        const value = l.value ?? Number.NaN
        const [low, high] = [l.referenceLow ?? Number.NaN, l.referenceHigh ?? Number.NaN]
        return {
          'known LOINC code, name and unit': test !== undefined && test.testName === l.testName && test.unit === l.unit,
          accession: /^ACC-\d{6}$/.test(l.accessionNumber),
          'numeric value': typeof l.value === 'number' && l.valueText === null,
          'flag from range and critical limits':
            test !== undefined && l.abnormalFlag === abnormalFlagFor(value, { low, high }, test),
          'N inside the range': l.abnormalFlag !== 'N' || (value >= low && value <= high),
          'L/LL below': !l.abnormalFlag.startsWith('L') || value < low,
          'H/HH above': !l.abnormalFlag.startsWith('H') || value > high,
          'collected on a completed visit day': completedVisitDays.has(`${l.patientId}|${day(l.collectedAt)}`),
          'resulted after collection': l.resultedAt !== null && l.resultedAt.getTime() > l.collectedAt.getTime(),
        }
      }),
    ).toEqual([])
    expect(new Set(labResults.map((l) => l.loincCode)).size).toBeLessThanOrEqual(LAB_TEST_LIST.length)
  })

  it('dates nothing after the anchor except scheduled visits, and stores @db.Date at midnight UTC', () => {
    const late: string[] = []
    const check = (table: string, rows: readonly object[], exempt: (row: never) => boolean = () => false) => {
      for (const row of rows) {
        for (const [field, value] of Object.entries(row)) {
          if (value instanceof Date && value.getTime() > anchor.getTime() && !exempt(row as never))
            late.push(`${table}.${field}`)
        }
      }
    }
    check('user', users)
    check('roleAssignment', roleAssignments)
    check('study', studies)
    check('site', sites)
    check('patient', patients)
    check('visit', visits, (v: { status: string }) => v.status === 'SCHEDULED')
    check('questionnaire', questionnaires)
    check('diaryEnrollment', diaryEnrollments)
    check('eproSubmission', submissions)
    check('labResult', labResults)
    expect(late).toEqual([])
    const dateOnly = [
      ...studies.map((s) => s.startDate),
      ...sites.map((s) => s.activatedAt),
      ...patients.flatMap((p) => [p.screeningDate, p.enrollmentDate]),
      ...visits.flatMap((v) => [v.scheduledDate, v.actualDate]),
      ...diaryEnrollments.flatMap((e) => [e.startDate, e.endDate]),
      ...submissions.map((s) => s.entryDate),
    ].filter((d): d is Date => d !== null)
    expect(dateOnly.filter((d) => d.getTime() % DAY_MS !== 0)).toEqual([])
  })
})
