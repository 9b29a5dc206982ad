import { EventEmitter } from 'node:events'
import type { AdverseEventAlert } from '../generated/prisma/client'

/**
 * Newly stored alerts, announced to this process's live subscribers (the graphql-ws
 * subscription). Only the process's tailer announces, reading by feed sequence, so each alert is
 * announced once per process, whichever instance stored it.
 */
export class AlertFeed {
  private readonly emitter = new EventEmitter()

  constructor() {
    // One listener per live subscription; thousands of CRCs is normal, not a leak.
    this.emitter.setMaxListeners(0)
  }

  announce(alert: AdverseEventAlert): void {
    this.emitter.emit('alert', alert)
  }

  listen(listener: (alert: AdverseEventAlert) => void): () => void {
    this.emitter.on('alert', listener)
    return () => this.emitter.off('alert', listener)
  }

  listenerCount(): number {
    return this.emitter.listenerCount('alert')
  }
}
