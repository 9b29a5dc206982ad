import CDP from 'chrome-remote-interface'

/**
 * A DevTools-protocol session (chrome-remote-interface) to a process started with --inspect:
 * forces full garbage collections and reads the V8 heap, so a test can tell real memory growth
 * from garbage not yet collected.
 */
export interface InspectorSession {
  /** Heap in use after full garbage collections, in bytes. */
  heapUsedAfterGc(): Promise<number>
  close(): Promise<void>
}

export async function openInspector(port: number): Promise<InspectorSession> {
  const client = await CDP({ host: '127.0.0.1', port, local: true })
  return {
    async heapUsedAfterGc() {
      // Twice: the first pass can leave objects whose finalisers free more.
      await client.HeapProfiler.collectGarbage()
      await client.HeapProfiler.collectGarbage()
      return (await client.Runtime.getHeapUsage()).usedSize
    },
    close: () => client.close(),
  }
}
