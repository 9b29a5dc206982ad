// Referential integrity, constraints and clinical plausibility of the demo dataset.
import {
  CTCAE_MAX_GRADE,
  LAB_TEST_LIST,
  PAIN_DIARY,
  abnormalFlagFor,
  demoDataset,
  generateDemoDataset,
  labTestByLoinc,
  type DemoDataset,
  type Role,
} from '../index'
import { DEFAULT_ANCHOR, SMALL } from './options'

const DAY_MS = 86_400_000

const dataset = demoDataset()

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>()
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)))
}

/** Checks rules row by row without an expect() per row: fast, and a failure lists what broke where. */
function violations<T>(rows: readonly T[], rules: (row: T) => Record<string, boolean>): string[] {
  const found: string[] = []
  rows.forEach((row, i) => {
    for (const [rule, ok] of Object.entries(rules(row))) if (!ok) found.push(`row ${i}: ${rule}`)
  })
  return found.slice(0, 20)
}

const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
const day = (date: Date) => Math.floor(date.getTime() / DAY_MS)
const ids = <T extends { id: string }>(rows: readonly T[]) => new Set(rows.map((r) => r.id))

describe.each([
  ['default options', () => dataset, DEFAULT_ANCHOR],
  ['a small scale, another anchor and seed', () => generateDemoDataset(SMALL), SMALL.anchorDate!],
])('invariants with %s', (_label, build: () => DemoDataset, anchor: Date) => {
  const data = build()
  const { users, roleAssignments } = data.users
  const { studies, sites } = data.studies
  const { patients, visits } = data.patients
  const { questionnaires, diaryEnrollments, submissions } = data.epro
  const { labResults } = data.labs
  const today = day(anchor)

  it('has unique ids everywhere and the unique constraints of the Prisma schemas', () => {
    const allIds = [
      users,
      roleAssignments,
      studies,
      sites,
      patients,
      visits,
      questionnaires,
      diaryEnrollments,
      submissions,
      labResults,
    ].flatMap((rows) => (rows as { id: string }[]).map((r) => r.id))
    expect(duplicates(allIds)).toEqual([])
    expect(allIds.filter((id) => !UUID_V8.test(id))).toEqual([])
    expect(duplicates(users.map((u) => u.email))).toEqual([])
    expect(duplicates(studies.map((s) => s.protocolId))).toEqual([])
    expect(duplicates(sites.map((s) => `${s.studyId}|${s.siteNumber}`))).toEqual([])
    expect(duplicates(patients.map((p) => p.subjectNumber))).toEqual([])
    expect(duplicates(visits.map((v) => `${v.patientId}|${v.visitNumber}`))).toEqual([])
    expect(duplicates(questionnaires.map((q) => `${q.studyId}|${q.code}|${q.version}`))).toEqual([])
    expect(duplicates(diaryEnrollments.map((e) => `${e.patientId}|${e.questionnaireId}`))).toEqual([])
    expect(duplicates(submissions.map((s) => `${s.patientId}|${s.entryDate.toISOString()}`))).toEqual([])
    expect(duplicates(labResults.map((l) => `${l.accessionNumber}|${l.loincCode}`))).toEqual([])
  })

  it('references only rows that exist, across contexts', () => {
    const [userIds, studyIds, patientIds, questionnaireIds] = [
      ids(users),
      ids(studies),
      ids(patients),
      ids(questionnaires),
    ]
    const siteStudy = new Map(sites.map((s) => [s.id, s.studyId]))
    const patientById = new Map(patients.map((p) => [p.id, p]))
    const questionnaireStudy = new Map(questionnaires.map((q) => [q.id, q.studyId]))
    const diaries = new Set(diaryEnrollments.map((e) => `${e.patientId}|${e.questionnaireId}`))
    expect(
      violations(roleAssignments, (r) => ({
        user: userIds.has(r.userId),
        // Only the organisation-level study manager holds a grant for no study in particular.
        study: r.studyId === null ? r.role === 'STUDY_MANAGER' && r.siteId === null : studyIds.has(r.studyId),
        'site in study': r.siteId === null || siteStudy.get(r.siteId) === r.studyId,
        'patient at site': r.patientId === null || patientById.get(r.patientId)?.siteId === r.siteId,
      })),
    ).toEqual([])
    expect(violations(sites, (s) => ({ study: studyIds.has(s.studyId) }))).toEqual([])
    expect(
      violations(patients, (p) => ({
        'site in study': siteStudy.get(p.siteId) === p.studyId,
        investigator: userIds.has(p.enrollingInvestigatorId!),
        crc: userIds.has(p.assignedCrcId!),
      })),
    ).toEqual([])
    expect(violations(visits, (v) => ({ patient: patientIds.has(v.patientId) }))).toEqual([])
    expect(violations(questionnaires, (q) => ({ study: studyIds.has(q.studyId) }))).toEqual([])
    expect(
      violations(diaryEnrollments, (e) => ({
        'patient, study and site':
          patientById.get(e.patientId)?.studyId === e.studyId && patientById.get(e.patientId)?.siteId === e.siteId,
        'questionnaire of the study': questionnaireStudy.get(e.questionnaireId) === e.studyId,
      })),
    ).toEqual([])
    expect(
      violations(submissions, (s) => ({
        questionnaire: questionnaireIds.has(s.questionnaireId),
        'diary enrollment': diaries.has(`${s.patientId}|${s.questionnaireId}`),
      })),
    ).toEqual([])
    expect(violations(labResults, (l) => ({ patient: patientIds.has(l.patientId) }))).toEqual([])
  })

  it('staffs every site and study with the expected roles', () => {
    const held = (role: Role, siteId: string | null, studyId: string) =>
      roleAssignments.filter((r) => r.role === role && r.siteId === siteId && r.studyId === studyId)
    for (const site of sites) {
      expect(held('INVESTIGATOR', site.id, site.studyId).length).toBeGreaterThanOrEqual(1)
      expect(held('CRC', site.id, site.studyId).length).toBeGreaterThanOrEqual(2)
      const account = held('PATIENT', site.id, site.studyId)
      expect(account).toHaveLength(1)
      expect(patients.find((p) => p.id === account[0]!.patientId)?.enrollmentStatus).toBe('ENROLLED')
    }
    for (const study of studies) {
      for (const role of ['DATA_MANAGER', 'MONITOR', 'SPONSOR'] as const)
        expect(held(role, null, study.id).length).toBeGreaterThanOrEqual(1)
    }
    const roleOf = (userId: string, siteId: string) =>
      roleAssignments.find((r) => r.userId === userId && r.siteId === siteId)?.role
    for (const p of patients) {
      expect(roleOf(p.enrollingInvestigatorId!, p.siteId)).toBe('INVESTIGATOR')
      expect(roleOf(p.assignedCrcId!, p.siteId)).toBe('CRC')
    }
    for (const u of users) expect(u.email).toMatch(/^[a-z]+\.[a-z]+\d*@[a-z0-9-]+\.example$/)
    expect(users[0]).toMatchObject({ givenName: 'Amara', familyName: 'Okafor', title: 'MD' })
  })

  it('takes one confirmed enrollment slot per randomised patient, within caps and targets (the saga invariant)', () => {
    const { slotReservations, arms, visitDefinitions } = data.studies
    const randomised = patients.filter((p) => p.enrollmentDate !== null)
    expect(slotReservations.map((s) => s.patientId).sort()).toEqual(randomised.map((p) => p.id).sort())
    expect(
      violations(sites, (site) => {
        const slots = slotReservations.filter((s) => s.siteId === site.id)
        return {
          'slots taken = RESERVED + CONFIRMED': site.slotsTaken === slots.length,
          'enrolled = CONFIRMED': site.enrolledCount === slots.filter((s) => s.status === 'CONFIRMED').length,
          'slots within the cap': site.slotsTaken <= site.enrollmentCap,
        }
      }),
    ).toEqual([])
    expect(
      violations(studies, (study) => {
        const slots = slotReservations.filter((s) => s.studyId === study.id)
        const schedule = visitDefinitions.filter((v) => v.studyId === study.id)
        return {
          'slots taken = RESERVED + CONFIRMED':
            study.slotsTaken === slots.length && study.enrolledCount === slots.length,
          'slots within the planned enrollment': study.slotsTaken <= study.plannedEnrollment,
          'arms A and B, 1:1':
            arms
              .filter((a) => a.studyId === study.id)
              .map((a) => `${a.code}:${a.allocationRatio}`)
              .join() === 'A:1,B:1',
          'one BASELINE visit, at day 0':
            schedule
              .filter((v) => v.visitType === 'BASELINE')
              .map((v) => v.dayOffset)
              .join() === '0',
        }
      }),
    ).toEqual([])
  })

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

describe('realism of the default dataset', () => {
  it('has a plausible status mix, compliance, symptom grades and abnormal-lab rate', () => {
    const share = <T>(rows: readonly T[], predicate: (row: T) => boolean) => rows.filter(predicate).length / rows.length
    const { patients } = dataset.patients
    expect(share(patients, (p) => p.enrollmentStatus === 'ENROLLED')).toBeGreaterThan(0.5)
    for (const status of ['SCREENING', 'SCREEN_FAILED', 'COMPLETED', 'WITHDRAWN'] as const)
      expect(patients.some((p) => p.enrollmentStatus === status)).toBe(true)
    const symptoms = dataset.epro.submissions.flatMap((s) => s.symptoms)
    expect(share(symptoms, (s) => s.grade <= 2)).toBeGreaterThan(0.9)
    expect(share(dataset.epro.submissions, (s) => s.symptoms.length <= 2)).toBeGreaterThan(0.95)
    expect(share(dataset.epro.submissions, (s) => s.late)).toBeGreaterThan(0.01)
    expect(share(dataset.epro.submissions, (s) => s.late)).toBeLessThan(0.06)
    const abnormal = share(dataset.labs.labResults, (l) => l.abnormalFlag !== 'N')
    expect(abnormal).toBeGreaterThan(0.08)
    expect(abnormal).toBeLessThan(0.16)
  })
})
