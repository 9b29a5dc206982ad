import { createRowCache } from '../rowCache'

interface Row {
  id: string
  site: string
}

/** A table in memory whose reads are counted, and can be held open to interleave a change. */
function table(rows: Row[]) {
  const reads: string[][] = []
  let hold: Promise<void> | undefined
  return {
    rows,
    reads,
    holdNextRead() {
      let release!: () => void
      hold = new Promise((resolve) => (release = resolve))
      return release
    },
    async load(keys: readonly string[]) {
      reads.push([...keys])
      // The rows as they were when the read began, returned after the hold (a snapshot).
      const seen = rows.filter((r) => keys.includes(r.id)).map((r) => ({ ...r }))
      const waiting = hold
      hold = undefined
      await waiting
      return seen
    },
  }
}

/** A live cache in front of a table of `rows`: the table, the cache and the lookup through it. */
function liveCacheOver(rows: Row[], options?: Parameters<typeof createRowCache>[2]) {
  const db = table(rows)
  const cache = createRowCache<Row>('row', (r) => r.id, options)
  cache.setLive(true)
  return { db, cache, load: cache.through((keys) => db.load(keys)) }
}

it('serves a row it holds without reading, and reads only the keys it lacks', async () => {
  const { db, load } = liveCacheOver([
    { id: 'a', site: 's1' },
    { id: 'b', site: 's1' },
  ])
  expect(await load(['a'])).toEqual([{ id: 'a', site: 's1' }])
  expect(await load(['a', 'b'])).toEqual([
    { id: 'a', site: 's1' },
    { id: 'b', site: 's1' },
  ])
  expect(await load(['b', 'a'])).toHaveLength(2)
  expect(db.reads).toEqual([['a'], ['b']])
})

it('never stores a miss: a row that appears is read by the next lookup', async () => {
  const { db, load } = liveCacheOver([])
  expect(await load(['a'])).toEqual([])
  db.rows.push({ id: 'a', site: 's1' })
  expect(await load(['a'])).toEqual([{ id: 'a', site: 's1' }])
})

it('reads every time while not live, and forgets everything when the feed stops or starts', async () => {
  const db = table([{ id: 'a', site: 's1' }])
  const cache = createRowCache<Row>('row', (r) => r.id)
  const load = cache.through((keys) => db.load(keys))
  await load(['a'])
  await load(['a'])
  expect(db.reads).toHaveLength(2) // not live yet: nothing stored
  cache.setLive(true)
  await load(['a'])
  await load(['a'])
  expect(db.reads).toHaveLength(3)
  cache.setLive(false)
  db.rows[0]!.site = 's2' // changed while nobody listened
  expect(await load(['a'])).toEqual([{ id: 'a', site: 's2' }])
  cache.setLive(true)
  expect(await load(['a'])).toEqual([{ id: 'a', site: 's2' }])
  expect(db.reads).toHaveLength(5)
})

it('evicts a changed row, or every row on "*"', async () => {
  const { db, cache, load } = liveCacheOver([
    { id: 'a', site: 's1' },
    { id: 'b', site: 's1' },
  ])
  await load(['a', 'b'])
  db.rows[0]!.site = 's2'
  cache.changed('a')
  expect(await load(['a', 'b'])).toEqual([
    { id: 'b', site: 's1' },
    { id: 'a', site: 's2' },
  ])
  db.rows[1]!.site = 's3'
  cache.changed('*')
  expect(await load(['b'])).toEqual([{ id: 'b', site: 's3' }])
  expect(cache.size).toBe(1) // '*' emptied it: only the row read since is held
})

it('does not store a row read before a change whose notice arrived while the read was in flight', async () => {
  const { db, cache, load } = liveCacheOver([{ id: 'a', site: 's1' }])
  const release = db.holdNextRead()
  const stale = load(['a']) // reads s1 ...
  db.rows[0]!.site = 's2' // ... the move commits ...
  cache.changed('a') // ... and its notice arrives before the read returns
  release()
  expect(await stale).toEqual([{ id: 'a', site: 's1' }]) // that request saw the row as it read it
  expect(await load(['a'])).toEqual([{ id: 'a', site: 's2' }]) // the next one is not served the old row
})

it('does not store a read that overlapped a gap in the feed', async () => {
  const { db, cache, load } = liveCacheOver([{ id: 'a', site: 's1' }])
  const release = db.holdNextRead()
  const inFlight = load(['a'])
  cache.setLive(false)
  cache.setLive(true)
  release()
  await inFlight
  await load(['a'])
  expect(db.reads).toHaveLength(2)
})

it('shares frozen rows: no request can alter what the next one is served', async () => {
  const { load } = liveCacheOver([{ id: 'a', site: 's1' }])
  await load(['a'])
  const [row] = await load(['a'])
  expect(Object.isFrozen(row)).toBe(true)
})

it('serves a row no longer than maxAgeMs', async () => {
  let clock = 10_000 // lru-cache reads a start time of 0 as "never stale"
  const { db, load } = liveCacheOver([{ id: 'a', site: 's1' }], { maxAgeMs: 1000, now: () => clock })
  await load(['a'])
  clock = 10_900
  expect(await load(['a'])).toEqual([{ id: 'a', site: 's1' }])
  db.rows[0]!.site = 's2' // a change whose notice never came
  clock = 11_500
  expect(await load(['a'])).toEqual([{ id: 'a', site: 's2' }])
})
