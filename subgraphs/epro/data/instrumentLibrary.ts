import type { DiaryFrequency } from '../generated/prisma/client'

/**
 * The patient-reported instruments epro can run, by the code a study's visit schedule names them
 * with. A study that schedules one gets its own questionnaire row of it the first time one of its
 * subjects is enrolled (the demo studies have theirs seeded). Entry windows are local to the
 * subject's site.
 */
export interface Instrument {
  code: string
  version: string
  title: string
  frequency: DiaryFrequency
  windowOpensMinute: number
  windowClosesMinute: number
}

const INSTRUMENTS: readonly Instrument[] = [
  {
    code: 'PAIN-DIARY',
    version: '1.0',
    title: 'Daily Pain Diary: worst pain (NRS-11) and symptoms',
    frequency: 'DAILY',
    // The evening diary: 18:00 to midnight.
    windowOpensMinute: 18 * 60,
    windowClosesMinute: 24 * 60,
  },
]

export const instrumentByCode = (code: string): Instrument | undefined => INSTRUMENTS.find((i) => i.code === code)
