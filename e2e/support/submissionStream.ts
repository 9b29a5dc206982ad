import type { SupergraphUnderTest } from './supergraphUnderTest'
import { operation } from './operations'
import { crcOfPatient } from '../../test/support/demoAccounts'
import { diaryEntryInput, type DiaryEntryInput } from '../../test/support/diaryEntryInput'

/** One diary submission as a client saw it: accepted (a payload came back) or refused (errors or no answer). */
export interface Attempt {
  input: DiaryEntryInput
  startedAt: number
  outcome?: { accepted: true; created: boolean } | { accepted: false; codes: string[] }
}

/** Submits one entry as the patient's CRC through the gateway, recording the client's view of it. */
export async function submitOnce(supergraph: SupergraphUnderTest, attempt: Attempt): Promise<Attempt> {
  try {
    const { body } = await supergraph.post(
      operation('SubmitEproEntry'),
      { input: attempt.input },
      { as: crcOfPatient(attempt.input.patientId) },
    )
    const payload = body.data?.submitEproEntry
    attempt.outcome =
      payload && !body.errors
        ? { accepted: true, created: payload.created }
        : { accepted: false, codes: (body.errors ?? []).map((e) => String(e.extensions?.code)) }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    attempt.outcome = {
      accepted: false,
      codes: [`no answer: ${cause?.code ?? cause?.message ?? (error as Error).message}`],
    }
  }
  return attempt
}

/**
 * What the diary app does after a refusal by an unavailable service: retries the same entry (same
 * submission id) with growing pauses. Right after a subgraph comes back the gateway's circuit
 * breaker may still fail its fields fast for up to its cool-down, so one retry is not enough.
 */
export async function submitUntilAnswered(
  supergraph: SupergraphUnderTest,
  attempt: Attempt,
  timeoutMs = 30_000,
): Promise<Attempt> {
  const until = Date.now() + timeoutMs
  for (let pauseMs = 250; ; pauseMs = Math.min(pauseMs * 2, 2000)) {
    await submitOnce(supergraph, attempt)
    const outcome = attempt.outcome
    const unavailable =
      outcome &&
      !outcome.accepted &&
      outcome.codes.every((code) => code === 'SERVICE_UNAVAILABLE' || code.startsWith('no answer'))
    if (!unavailable || Date.now() + pauseMs > until) return attempt
    await new Promise((resolve) => setTimeout(resolve, pauseMs))
  }
}

/**
 * A steady stream of pain-9 diary entries (each raises an alert, so each writes outbox events)
 * from `clients` concurrent clients, one patient each (one entry per diary day), until stopped or
 * out of patients. Every attempt is kept with what the client saw.
 */
export function startSubmissionStream(supergraph: SupergraphUnderTest, patientIds: string[], clients: number) {
  const attempts: Attempt[] = []
  const queue = [...patientIds]
  let stopped = false
  const client = async () => {
    for (let patientId = queue.shift(); patientId && !stopped; patientId = queue.shift()) {
      const input = diaryEntryInput(patientId, 9)
      const attempt: Attempt = { input, startedAt: Date.now() }
      attempts.push(attempt)
      await submitOnce(supergraph, attempt)
      // A refused client waits a little before its next entry, as an app would.
      if (!attempt.outcome?.accepted) await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  const running = Promise.all(Array.from({ length: clients }, client))
  return {
    attempts,
    accepted: () => attempts.filter((a) => a.outcome?.accepted),
    async stop() {
      stopped = true
      await running
    },
  }
}
