import { useState, type FormEvent } from 'react'
import { Link, useLocation } from 'wouter'
import { useMutation, useQuery } from 'urql'
import {
  ScreenPatientDocument,
  ScreeningFormDocument,
  type ScreenPatientMutation,
  type Sex,
} from '../generated/operations'
import { ErrorNotice, Loading, RefusalNotice } from '../ui/States'
import { errorMessage, failedEntirely } from '../ui/partialData'
import { formatDate } from '../ui/time'
import { ineligibleBecause } from './enrollmentProgress'

const SEXES: { value: Sex; label: string }[] = [
  { value: 'FEMALE', label: 'Female' },
  { value: 'MALE', label: 'Male' },
  { value: 'UNDIFFERENTIATED', label: 'Undifferentiated' },
  { value: 'UNKNOWN', label: 'Unknown' },
]

/**
 * Screening a new subject at the site (ScreeningForm, ScreenPatient): year of birth, sex and every
 * criterion of the protocol answered. The request id is made once per filled form, so sending it
 * again after a lost answer returns the same subject instead of screening twice.
 */
export function ScreeningScreen({ siteId }: { siteId: string }) {
  const [{ data, error, fetching }, reexecute] = useQuery({ query: ScreeningFormDocument, variables: { siteId } })
  const [screened, screen] = useMutation(ScreenPatientDocument)
  const [, navigate] = useLocation()
  const [yearOfBirth, setYearOfBirth] = useState('')
  const [sex, setSex] = useState<Sex | ''>('')
  const [screeningDate, setScreeningDate] = useState('')
  const [met, setMet] = useState<Record<string, boolean>>({})
  const [requestId, setRequestId] = useState(() => crypto.randomUUID())
  const [subject, setSubject] = useState<ScreenPatientMutation['screenPatient'] | null>(null)

  if (!data && fetching) return <Loading what="the screening form" />
  if (failedEntirely(data, error) || !data?.site)
    return (
      <ErrorNotice
        title="The screening form did not load"
        message={errorMessage(error) || 'This site is not yours.'}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
      />
    )
  const { site } = data
  const criteria = site.study.eligibilityCriteria
  const answered = criteria.every((c) => c.code in met)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const outcome = await screen({
      input: {
        siteId,
        yearOfBirth: Number(yearOfBirth),
        sex: sex as Sex,
        screeningDate: screeningDate || null,
        eligibility: criteria.map((c) => ({ code: c.code, kind: c.kind, met: met[c.code]! })),
        clientRequestId: requestId,
      },
    })
    if (outcome.data) setSubject(outcome.data.screenPatient)
  }

  function startAnother() {
    setYearOfBirth('')
    setSex('')
    setScreeningDate('')
    setMet({})
    setRequestId(crypto.randomUUID())
    setSubject(null)
  }

  if (subject) {
    const failed = subject.enrollmentStatus === 'SCREEN_FAILED'
    const reasons = ineligibleBecause(criteria, Object.fromEntries(subject.eligibility.map((a) => [a.code, a.met])))
    return (
      <section aria-labelledby="screened-title" className="panel">
        <h1 id="screened-title">
          {subject.subjectNumber} {failed ? 'is not eligible' : 'is eligible'}
        </h1>
        <p role="status" data-testid="screening-outcome" data-status={subject.enrollmentStatus}>
          Screened on {formatDate(subject.screeningDate)} at site {site.siteNumber}.{' '}
          {failed
            ? 'Recorded as a screen failure; the screening log keeps every subject screened.'
            : 'The subject can be enrolled now.'}
        </p>
        {failed && (
          <ul>
            {reasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        )}
        <span className="actions">
          {!failed && (
            <button type="button" onClick={() => navigate(`/patients/${subject.id}/enrollment`)}>
              Enroll {subject.subjectNumber}
            </button>
          )}
          <button type="button" onClick={startAnother}>
            Screen another subject
          </button>
          <Link href={`/sites/${siteId}`}>Back to the site</Link>
        </span>
      </section>
    )
  }

  return (
    <section aria-labelledby="screening-title">
      <h1 id="screening-title">Screen a subject · site {site.siteNumber}</h1>
      <p>
        {site.study.protocolId} — {site.study.shortTitle}. Answer every criterion as assessed.
      </p>
      <form className="screening-form" onSubmit={submit}>
        <div className="fields">
          <label>
            Year of birth
            <input
              type="number"
              inputMode="numeric"
              min={1900}
              max={new Date().getFullYear()}
              value={yearOfBirth}
              onChange={(e) => setYearOfBirth(e.target.value)}
              required
            />
          </label>
          <label>
            Sex
            <select value={sex} onChange={(e) => setSex(e.target.value as Sex)} required>
              <option value="">—</option>
              {SEXES.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          <label>
            Screening date (empty: today at the site)
            <input type="date" value={screeningDate} onChange={(e) => setScreeningDate(e.target.value)} />
          </label>
        </div>
        {criteria.map((c) => (
          <fieldset key={c.code} className="criterion">
            <legend>
              <strong>{c.code}</strong> {c.text}
            </legend>
            {[true, false].map((value) => (
              <label key={String(value)} className="choice">
                <input
                  type="radio"
                  name={c.code}
                  checked={met[c.code] === value}
                  onChange={() => setMet((current) => ({ ...current, [c.code]: value }))}
                  required
                />{' '}
                {c.kind === 'INCLUSION' ? (value ? 'Met' : 'Not met') : value ? 'Present' : 'Absent'}
              </label>
            ))}
          </fieldset>
        ))}
        <RefusalNotice error={screened.error} />
        <button type="submit" disabled={screened.fetching || !answered || !yearOfBirth || !sex}>
          {screened.fetching ? 'Screening…' : 'Record screening'}
        </button>
      </form>
    </section>
  )
}
