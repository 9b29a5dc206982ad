import crypto from 'node:crypto'

/** SubmitEproEntry's input as the diary app sends it. */
export interface DiaryEntryInput {
  submissionId: string
  patientId: string
  entryDate: string
  painScore: number
  symptoms: never[]
  deviceTimestamp: string
}

/**
 * A new diary entry for yesterday, completed on the device a minute ago, with no symptoms: yesterday's
 * diary day is open for late entries all of today, whatever time the suite or benchmark runs.
 */
export function diaryEntryInput(patientId: string, painScore: number): DiaryEntryInput {
  const now = Date.now()
  return {
    submissionId: crypto.randomUUID(),
    patientId,
    entryDate: new Date(now - 86_400_000).toISOString().slice(0, 10),
    painScore,
    symptoms: [],
    deviceTimestamp: new Date(now - 60_000).toISOString(),
  }
}
