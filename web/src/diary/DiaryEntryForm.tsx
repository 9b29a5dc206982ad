import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { SubmitEproEntryDocument } from '../generated/operations'
import { clockText, type DueEntry } from './entryWindow'
import { formatDate } from '../ui/time'
import { RefusalNotice } from '../ui/States'

// Symptoms patients report most in a pain diary, as CTCAE v5 spells them; patients grade them
// mild, moderate or severe (CTCAE grades 1–3), higher grades are a clinician's call.
const SYMPTOMS = ['Nausea', 'Vomiting', 'Fatigue', 'Headache', 'Diarrhea', 'Constipation', 'Insomnia'] as const
const GRADES = [
  { grade: 1, label: 'mild' },
  { grade: 2, label: 'moderate' },
  { grade: 3, label: 'severe' },
] as const

/** The symptoms with this one's grade set, or removed for "none" (0). */
function withGrade(symptoms: Record<string, number>, term: string, grade: number): Record<string, number> {
  const next = { ...symptoms }
  if (grade) next[term] = grade
  else delete next[term]
  return next
}

/**
 * Today's entry. The submission id is made once per entry and kept until the server records it,
 * so pressing "Send" again after a network error is a retry the server answers once, never a
 * second entry.
 */
export function DiaryEntryForm({
  patientId,
  due,
  today,
  onRecorded,
}: {
  patientId: string
  due: Extract<DueEntry, { kind: 'due' }>
  today: string
  onRecorded: () => void
}) {
  const [pain, setPain] = useState<number | null>(null)
  const [symptoms, setSymptoms] = useState<Record<string, number>>({})
  const [submissionId] = useState(() => crypto.randomUUID())
  const [result, submit] = useMutation(SubmitEproEntryDocument)

  async function send(event: FormEvent) {
    event.preventDefault()
    if (pain === null) return
    const outcome = await submit({
      input: {
        submissionId,
        patientId,
        entryDate: due.entryDate,
        painScore: pain,
        symptoms: Object.entries(symptoms).map(([term, grade]) => ({ term, grade })),
        deviceTimestamp: new Date().toISOString(),
      },
    })
    if (outcome.data?.submitEproEntry) onRecorded()
  }

  const isToday = due.entryDate === today
  return (
    <form className="diary-form" onSubmit={send} aria-labelledby="entry-title">
      <h2 id="entry-title">{isToday ? "Today's entry" : `Entry for ${formatDate(due.entryDate)}`}</h2>
      {due.late ? (
        <p className="warning">
          {isToday ? `Today's window closed at ${clockText(due.closes)}` : "Yesterday's entry is missing"}; you can
          still send it, and it will be marked late.
        </p>
      ) : (
        <p>Open until {clockText(due.closes)}.</p>
      )}
      <fieldset>
        <legend>Worst pain in the last 24 hours (0 = none, 10 = worst imaginable)</legend>
        <div className="pain-scale">
          {Array.from({ length: 11 }, (_, score) => (
            <label key={score} className={pain === score ? 'selected' : undefined}>
              <input
                type="radio"
                name="pain"
                value={score}
                checked={pain === score}
                onChange={() => setPain(score)}
                required
              />
              {score}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Symptoms today (leave as "none" if you had none)</legend>
        {SYMPTOMS.map((term) => (
          <label key={term} className="symptom">
            {term}{' '}
            <select
              value={symptoms[term] ?? 0}
              onChange={(e) => setSymptoms((current) => withGrade(current, term, Number(e.target.value)))}
            >
              <option value={0}>none</option>
              {GRADES.map((g) => (
                <option key={g.grade} value={g.grade}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
        ))}
      </fieldset>
      <RefusalNotice error={result.error} />
      <button type="submit" disabled={pain === null || result.fetching}>
        {result.fetching ? 'Sending…' : 'Send entry'}
      </button>
    </form>
  )
}
