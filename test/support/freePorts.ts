import net from 'node:net'

// Processes under test need their ports known before they start (the gateway is told its
// subgraphs' URLs), so we cannot let each bind port 0. A block is picked at random *below* Linux's
// ephemeral range (32768+), where outgoing connections to Postgres and Kafka take their local
// ports, and every port in it is checked free by binding it once. A random block in the ephemeral
// range once collided with such a connection in CI and the gateway died with EADDRINUSE.
const LOWEST = 15_000
const HIGHEST = 32_000
// Suites running at once (Jest workers) pick from separate slices of it: a block is checked free
// when picked, but its servers bind it seconds later, and another suite could pick it meanwhile.
const SLICES = 4
const slice = (Number(process.env.JEST_WORKER_ID ?? 1) - 1) % SLICES
const SLICE_SIZE = Math.floor((HIGHEST - LOWEST) / SLICES)
const sliceLowest = LOWEST + slice * SLICE_SIZE

const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)))
  })

/** The first port of `size` consecutive free ports on 127.0.0.1. */
export async function freePortBlock(size: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = sliceLowest + Math.floor(Math.random() * ((SLICE_SIZE - size) / size)) * size
    const checks = await Promise.all(Array.from({ length: size }, (_, i) => isFree(base + i)))
    if (checks.every(Boolean)) return base
  }
  throw new Error(`no block of ${size} free ports found between ${sliceLowest} and ${sliceLowest + SLICE_SIZE}`)
}
