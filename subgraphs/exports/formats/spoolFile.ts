import fs from 'node:fs'
import fsp from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { once } from 'node:events'
import type { ChunkSink } from './exportModel'

/**
 * A temporary file written as the subjects stream past and replayed into the output afterwards:
 * how a format whose header depends on the whole study (ODM's AdminData lists every person named
 * in the audit records; a zip's entries are written one after another) keeps memory flat.
 */
export interface SpoolFile {
  path: string
  write(chunk: string | Uint8Array): Promise<void>
  /** Closes the file for writing (before `replay`, or before handing `path` to a reader). */
  close(): Promise<void>
  /** Its contents into `out`, in chunks. */
  replay(out: ChunkSink): Promise<void>
}

export async function withSpoolDirectory<T>(use: (open: (name: string) => SpoolFile) => Promise<T>): Promise<T> {
  const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'trial-export-'))
  const open = (name: string): SpoolFile => {
    const file = path.join(dir, name)
    const stream = fs.createWriteStream(file)
    return {
      path: file,
      async write(chunk) {
        if (!stream.write(chunk)) await once(stream, 'drain')
      },
      async close() {
        if (stream.closed) return
        stream.end()
        await once(stream, 'close')
      },
      async replay(out) {
        for await (const chunk of fs.createReadStream(file, { highWaterMark: 256 * 1024 })) await out(chunk as Buffer)
      },
    }
  }
  try {
    return await use(open)
  } finally {
    await fsp.rm(dir, { recursive: true, force: true })
  }
}
