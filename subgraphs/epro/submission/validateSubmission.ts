import type { SubmitEproEntryInput } from '../generated/graphql'
import { badInput } from '../../../contracts/errors/commonErrorCodes'
import { parseId } from '../../../platform/ids'
import { validateSymptoms } from '../safety/ctcaeTerms'

export interface ValidSubmission {
  submissionId: string
  patientId: string
  entryDate: string | null
  painScore: number
  symptoms: { term: string; grade: number }[]
  deviceTimestamp: Date
}

/** A device clock may run a little fast; more than this ahead of the server is a wrong clock. */
const DEVICE_CLOCK_TOLERANCE_MS = 5 * 60_000

/** Checks what GraphQL's types cannot: ranges, the CTCAE vocabulary, a sane device clock. */
export function validateSubmission(input: SubmitEproEntryInput, now: Date): ValidSubmission {
  const submissionId = parseId(input.submissionId, 'input.submissionId')
  const patientId = parseId(input.patientId, 'input.patientId')
  if (!Number.isInteger(input.painScore) || input.painScore < 0 || input.painScore > 10) {
    throw badInput(
      'input.painScore',
      `painScore must be a whole number from 0 (no pain) to 10 (worst imaginable); got ${input.painScore}.`,
    )
  }
  const symptoms = validateSymptoms(input.symptoms ?? [])
  if (!symptoms.ok) throw badInput('input.symptoms', symptoms.problems.join(' '))
  const deviceTimestamp = new Date(input.deviceTimestamp)
  if (deviceTimestamp.getTime() > now.getTime() + DEVICE_CLOCK_TOLERANCE_MS) {
    throw badInput(
      'input.deviceTimestamp',
      `deviceTimestamp ${deviceTimestamp.toISOString()} is in the future by the server's clock; check the device's date and time.`,
    )
  }
  const entryDate = input.entryDate ? new Date(input.entryDate).toISOString().slice(0, 10) : null
  return {
    submissionId,
    patientId,
    entryDate,
    painScore: input.painScore,
    symptoms: symptoms.symptoms,
    deviceTimestamp,
  }
}
