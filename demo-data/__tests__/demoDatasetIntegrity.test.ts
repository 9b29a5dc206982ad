// Identity, referential integrity, staffing and the enrollment saga's invariant in the demo dataset,
// and its realism. Clinical consistency (statuses, diaries, labs, dates): demoDatasetClinical.
import { type DemoDataset, type Role } from '../index'
import { DATASETS, UUID_V8, dataset, duplicates, ids, violations } from './datasetChecks'

describe.each(DATASETS)('invariants with %s', (_label, build: () => DemoDataset, _anchor: Date) => {
  const data = build()
  const { users, roleAssignments } = data.users
  const { studies, sites } = data.studies
  const { patients, visits } = data.patients
  const { questionnaires, diaryEnrollments, submissions } = data.epro
  const { labResults } = data.labs

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
