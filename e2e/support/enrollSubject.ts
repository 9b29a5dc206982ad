import type { SupergraphUnderTest } from './supergraphUnderTest'

const ELIGIBLE = [
  { code: 'IN-1', kind: 'INCLUSION', met: true },
  { code: 'EX-1', kind: 'EXCLUSION', met: false },
]
export const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10)

/**
 * A CRC screens an eligible subject at the site and starts its enrollment (waiting up to
 * `waitForOutcomeMs`); the subject's id. The saga may still be running: follow Patient.enrollment.
 */
export async function screenAndStartEnrollment(
  supergraph: SupergraphUnderTest,
  siteId: string,
  as: string,
  waitForOutcomeMs = 5000,
): Promise<string> {
  const screened = await supergraph.post(
    `mutation($input: ScreenPatientInput!) { screenPatient(input: $input) { id subjectNumber enrollmentStatus } }`,
    { input: { siteId, yearOfBirth: 1968, sex: 'FEMALE', screeningDate: daysAgo(3), eligibility: ELIGIBLE } },
    { as },
  )
  if (screened.body.errors) throw new Error(`screenPatient: ${JSON.stringify(screened.body.errors)}`)
  const patientId = screened.body.data!.screenPatient.id as string
  const started = await supergraph.post(
    `mutation($id: ID!, $date: Date, $wait: Int) { enrollPatient(patientId: $id, enrollmentDate: $date, waitForOutcomeMs: $wait) { id } }`,
    { id: patientId, date: daysAgo(1), wait: waitForOutcomeMs },
    { as },
  )
  if (started.body.errors) throw new Error(`enrollPatient: ${JSON.stringify(started.body.errors)}`)
  return patientId
}
