import { ColumnTypeEnum, type SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils'
import { directReads } from '../directReads'

// The connection's life (pure logic; the drivers themselves are in directReads.pg.test.ts).
function factoryFailingFirst() {
  let connects = 0
  const adapter = {
    queryRaw: async () => ({ columnNames: ['one'], columnTypes: [ColumnTypeEnum.Int32], rows: [[1]] }),
  }
  const factory = {
    connect: async () => {
      connects += 1
      if (connects === 1) throw new Error('pool not ready')
      return adapter
    },
  } as unknown as SqlDriverAdapterFactory
  return { factory, connects: () => connects }
}

it('tries a failed connect again on the next read, and connects once after that', async () => {
  const { factory, connects } = factoryFailingFirst()
  const reads = directReads(factory)
  await expect(reads.rows('SELECT 1 AS one')).rejects.toThrow('pool not ready')
  expect(await reads.rows('SELECT 1 AS one')).toEqual([{ one: 1 }])
  expect(await reads.rows('SELECT 1 AS one')).toEqual([{ one: 1 }])
  expect(connects()).toBe(2)
})
