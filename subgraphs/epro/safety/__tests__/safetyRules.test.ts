import {
  baselineForRiseRule,
  evaluateSafetyRules,
  isInBaselineWindow,
  painBaseline,
  severityOfGrade,
  type DiaryEntryForRules,
} from '../safetyRules'
import { type RuleHit } from '../../data/alertEventPayload'
import { DEFAULT_THRESHOLDS } from '../../data/safetyRuleSet'

const START = '2026-03-01'
const T = DEFAULT_THRESHOLDS

function entry(
  painScore: number,
  symptoms: DiaryEntryForRules['symptoms'] = [],
  entryDate = '2026-03-20',
): DiaryEntryForRules {
  return { painScore, symptoms, entryDate }
}

/** Entries on the given diary days (day 1 = START), with the given pain scores. */
function onDays(...days: [day: number, pain: number][]): DiaryEntryForRules[] {
  return days.map(([day, pain]) => entry(pain, [], addDays(START, day - 1)))
}

function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + days)
  return date.toISOString().slice(0, 10)
}

const rulesOf = (hits: RuleHit[]) => hits.map((hit) => hit.rule)

describe('PAIN_SEVERE', () => {
  it.each([
    ['7 is below the default 8', 7, T, false],
    ['8 reaches the default 8', 8, T, true],
    ['10 is above it', 10, T, true],
    ['0 is no pain', 0, T, false],
    ['a study alerting at 7 catches 7', 7, { ...T, painAbsolute: 7 }, true],
    ['a study alerting at 9 lets 8 pass', 8, { ...T, painAbsolute: 9 }, false],
  ])('%s', (_name, pain, thresholds, hit) => {
    expect(rulesOf(evaluateSafetyRules(entry(pain), null, thresholds))).toEqual(hit ? ['PAIN_SEVERE'] : [])
  })

  it('reports the score, the threshold and a summary, as SEVERE', () => {
    expect(evaluateSafetyRules(entry(9), null, T)).toEqual([
      {
        rule: 'PAIN_SEVERE',
        severity: 'SEVERE',
        ctcaeTerm: null,
        ctcaeGrade: null,
        observed: 9,
        threshold: 8,
        summary: 'Severe pain: 9/10 on the NRS-11 (the study alerts at 8 or more).',
      },
    ])
  })
})

describe('PAIN_RISE_OVER_BASELINE', () => {
  it.each([
    ['rise 2.9 is below 3', 7, 4.1, T, 2.9],
    ['rise 3.0 reaches 3', 7, 4, T, 3],
    ['rise 3.1 is above 3', 7, 3.9, T, 3.1],
    ['no baseline yet: never', 7, null, T, null],
    ['pain fell', 2, 5, T, null],
    ['a study alerting at a rise of 2 catches 2.9', 7, 4.1, { ...T, painRiseOverBaseline: 2 }, 2.9],
    ['a study alerting at a rise of 4 lets 3.0 pass', 7, 4, { ...T, painRiseOverBaseline: 4 }, null],
  ])('%s', (_name, pain, baseline, thresholds, expectedRise) => {
    const hits = evaluateSafetyRules(entry(pain), baseline, thresholds).filter(
      (hit) => hit.rule === 'PAIN_RISE_OVER_BASELINE',
    )
    const reachesRise = expectedRise !== null && expectedRise >= thresholds.painRiseOverBaseline
    expect(hits.map((hit) => hit.observed)).toEqual(reachesRise ? [expectedRise] : [])
  })

  it('is MODERATE even when the pain is also severe: the PAIN_SEVERE hit carries the severity', () => {
    expect(evaluateSafetyRules(entry(9), 4.5, T)).toEqual([
      expect.objectContaining({ rule: 'PAIN_SEVERE', severity: 'SEVERE' }),
      {
        rule: 'PAIN_RISE_OVER_BASELINE',
        severity: 'MODERATE',
        ctcaeTerm: null,
        ctcaeGrade: null,
        observed: 4.5,
        threshold: 3,
        summary:
          "Pain rose to 9/10, 4.5 points above the patient's baseline of 4.5 (the study alerts at a rise of 3 or more).",
      },
    ])
  })
})

describe('SERIOUS_SYMPTOM', () => {
  it.each([
    ['grade 2 is below the default 3', 2, T, null],
    ['grade 3 is SEVERE', 3, T, 'SEVERE'],
    ['grade 4 is LIFE_THREATENING', 4, T, 'LIFE_THREATENING'],
    ['grade 5 is FATAL', 5, T, 'FATAL'],
    ['a study alerting at grade 2 catches grade 2, as MODERATE', 2, { ...T, seriousGrade: 2 }, 'MODERATE'],
    ['a study alerting at grade 4 lets grade 3 pass', 3, { ...T, seriousGrade: 4 }, null],
  ])('%s', (_name, grade, thresholds, severity) => {
    const hits = evaluateSafetyRules(entry(0, [{ term: 'Vomiting', grade }]), null, thresholds)
    expect(hits.map((hit) => hit.severity)).toEqual(severity ? [severity] : [])
  })

  it('reports the term, grade, threshold and a summary', () => {
    expect(evaluateSafetyRules(entry(1, [{ term: 'Diarrhea', grade: 4 }]), null, T)).toEqual([
      {
        rule: 'SERIOUS_SYMPTOM',
        severity: 'LIFE_THREATENING',
        ctcaeTerm: 'Diarrhea',
        ctcaeGrade: 4,
        observed: 4,
        threshold: 3,
        summary: 'Diarrhea grade 4 (life-threatening) reported (the study alerts at CTCAE v5 grade 3 or more).',
      },
    ])
  })
})

describe('evaluateSafetyRules: several hits and their order', () => {
  const symptoms = [
    { term: 'Nausea', grade: 3 },
    { term: 'Fatigue', grade: 2 },
    { term: 'Vomiting', grade: 4 },
    { term: 'Diarrhea', grade: 3 },
    { term: 'Dyspnea', grade: 5 },
  ]
  const expected = [
    ['PAIN_SEVERE', null, null],
    ['PAIN_RISE_OVER_BASELINE', null, null],
    ['SERIOUS_SYMPTOM', 'Dyspnea', 5],
    ['SERIOUS_SYMPTOM', 'Vomiting', 4],
    ['SERIOUS_SYMPTOM', 'Diarrhea', 3],
    ['SERIOUS_SYMPTOM', 'Nausea', 3],
  ]

  it.each([
    ['symptoms as reported', symptoms],
    ['symptoms reversed', [...symptoms].reverse()],
  ])('rule, then grade from highest, then term (%s)', (_name, reported) => {
    const hits = evaluateSafetyRules(entry(9, reported), 4, T)
    expect(hits.map((hit) => [hit.rule, hit.ctcaeTerm, hit.ctcaeGrade])).toEqual(expected)
  })

  it("does not reorder the caller's symptom list", () => {
    const reported = [...symptoms]
    evaluateSafetyRules(entry(9, reported), 4, T)
    expect(reported).toEqual(symptoms)
  })

  it('an entry with nothing to report gives no hits', () => {
    expect(evaluateSafetyRules(entry(3, [{ term: 'Nausea', grade: 1 }]), 2, T)).toEqual([])
  })
})

describe('isInBaselineWindow (7 days from 2026-03-01)', () => {
  it.each([
    ['the start date is day 1', '2026-03-01', true],
    ['day 7 is the last baseline day', '2026-03-07', true],
    ['day 8 is after the window', '2026-03-08', false],
    ['a day before the diary started', '2026-02-28', false],
  ])('%s', (_name, day, inside) => {
    expect(isInBaselineWindow(START, day, T)).toBe(inside)
  })

  it('counts calendar days across a month end', () => {
    expect(isInBaselineWindow('2026-02-26', '2026-03-04', T)).toBe(true)
    expect(isInBaselineWindow('2026-02-26', '2026-03-05', T)).toBe(false)
  })
})

describe('painBaseline', () => {
  it.each([
    ['no entries', [], T, null],
    ['2 entries are fewer than the 3 needed', onDays([1, 4], [2, 5]), T, null],
    ['3 entries make a baseline', onDays([1, 4], [2, 5], [3, 6]), T, 5],
    ['a full window', onDays([1, 4], [2, 4], [3, 4], [4, 5], [5, 5], [6, 5], [7, 6]), T, 4.7],
    ['rounded to one decimal (13 / 3)', onDays([1, 4], [2, 4], [3, 5]), T, 4.3],
    ['rounded to one decimal (14 / 3)', onDays([1, 4], [2, 5], [3, 5]), T, 4.7],
    ['entries after the window are ignored', onDays([1, 2], [2, 2], [3, 2], [8, 10], [20, 10]), T, 2],
    ['entries before the diary started are ignored', onDays([-1, 10], [0, 10], [1, 2], [2, 2], [3, 2]), T, 2],
    ['entries outside the window do not make up the count', onDays([1, 2], [2, 2], [8, 9], [9, 9]), T, null],
    ['a study needing only 2 entries', onDays([1, 4], [2, 5]), { ...T, minBaselineEntries: 2 }, 4.5],
    ['a study with a 3-day window ignores day 4', onDays([1, 2], [2, 2], [3, 2], [4, 9]), { ...T, baselineDays: 3 }, 2],
    ['a study with a 14-day window includes day 10', onDays([1, 2], [2, 2], [10, 8]), { ...T, baselineDays: 14 }, 4],
    ['input order does not matter', onDays([3, 6], [1, 4], [2, 5]), T, 5],
  ])('%s', (_name, earlier, thresholds, expected) => {
    expect(painBaseline(START, earlier, thresholds)).toBe(expected)
  })
})

describe('baselineForRiseRule: the rise rule waits for the baseline window to close', () => {
  const earlier = onDays([1, 2], [2, 2], [3, 2], [4, 2])
  it.each([
    ['day 5 is inside the window, although 4 earlier entries exist', 5, null],
    ['day 7 is the last day of the window', 7, null],
    ['day 8 is the first day measured against the baseline', 8, 2],
    ['day 30', 30, 2],
    ['an entry dated before the diary started', 0, null],
  ])('%s', (_name, day, expected) => {
    expect(baselineForRiseRule(START, entry(7, [], addDays(START, day - 1)), earlier, T)).toBe(expected)
  })

  it('so a big rise on day 5 raises nothing, and the same rise on day 8 does', () => {
    const rise = (day: number) => {
      const today = entry(7, [], addDays(START, day - 1))
      return rulesOf(evaluateSafetyRules(today, baselineForRiseRule(START, today, earlier, T), T))
    }
    expect(rise(5)).toEqual([])
    expect(rise(8)).toEqual(['PAIN_RISE_OVER_BASELINE'])
  })

  it('is null after the window when the window had too few entries', () => {
    expect(baselineForRiseRule(START, entry(9, [], '2026-03-10'), onDays([1, 2], [2, 2]), T)).toBeNull()
  })
})

describe('diary dates', () => {
  it.each(['2026-02-30', '2026-13-01', '2026-3-1', '01/03/2026', '', '2026-03-01T00:00:00Z'])(
    '%p is refused',
    (bad) => {
      expect(() => isInBaselineWindow(START, bad, T)).toThrow(RangeError)
      expect(() => painBaseline(bad, [], T)).toThrow(RangeError)
    },
  )
})

describe('severityOfGrade', () => {
  it.each([
    [1, 'MODERATE'],
    [2, 'MODERATE'],
    [3, 'SEVERE'],
    [4, 'LIFE_THREATENING'],
    [5, 'FATAL'],
  ])('CTCAE grade %i -> %s', (grade, severity) => {
    expect(severityOfGrade(grade)).toBe(severity)
  })
})
