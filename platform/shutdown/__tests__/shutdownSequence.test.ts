import pino from 'pino'
import { runShutdownSequence, type ShutdownPhase } from '../shutdownSequence'

const logger = pino({ level: 'silent' })
const never = () => new Promise<void>(() => {})

describe('runShutdownSequence', () => {
  it('runs the phases in order and reports a completed shutdown', async () => {
    const ran: string[] = []
    const phase = (name: string): ShutdownPhase => ({ name, run: async () => void ran.push(name) })
    const outcome = await runShutdownSequence([phase('readiness'), phase('http'), phase('database')], {
      logger,
      signal: new AbortController().signal,
    })
    expect(ran).toEqual(['readiness', 'http', 'database'])
    expect(outcome).toEqual({ kind: 'completed', failed: [] })
  })

  it('still runs the later phases when one throws, and names the one that failed', async () => {
    const ran: string[] = []
    const outcome = await runShutdownSequence(
      [
        { name: 'subscriptions', run: async () => Promise.reject(new Error('socket error')) },
        { name: 'database', run: async () => void ran.push('database') },
      ],
      { logger, signal: new AbortController().signal },
    )
    expect(ran).toEqual(['database'])
    expect(outcome).toEqual({ kind: 'completed', failed: ['subscriptions'] })
  })

  it('stops waiting when the signal fires and names the pending phase with its detail; later phases never run', async () => {
    const cut = new AbortController()
    const ran: string[] = []
    const sequence = runShutdownSequence(
      [
        { name: 'readiness', run: async () => void ran.push('readiness') },
        { name: 'http', run: () => (cut.abort('bound passed'), never()), pending: () => '2 HTTP request(s) in flight' },
        { name: 'database', run: async () => void ran.push('database') },
      ],
      { logger, signal: cut.signal },
    )
    await expect(sequence).resolves.toEqual({
      kind: 'cut',
      reason: 'bound passed',
      pending: 'http (2 HTTP request(s) in flight)',
    })
    expect(ran).toEqual(['readiness'])
  })

  it('hands each phase the signal, so it can cut its own work short', async () => {
    const cut = new AbortController()
    let seen: AbortSignal | undefined
    await runShutdownSequence([{ name: 'background', run: async (signal) => void (seen = signal) }], {
      logger,
      signal: cut.signal,
    })
    expect(seen).toBe(cut.signal)
  })
})
