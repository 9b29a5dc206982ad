import { demoDataset, generateDemoDataset, type DemoDataset } from '../index'
import { DEFAULT_ANCHOR, SMALL } from './options'

// What the demo dataset's tests share: the datasets they check, and small helpers for rules that
// run over thousands of rows.

export const DAY_MS = 86_400_000

/** The default dataset, built once per test file. */
export const dataset = demoDataset()

/** Every invariant holds for the default dataset and for another scale, anchor date and seed. */
export const DATASETS: [label: string, build: () => DemoDataset, anchor: Date][] = [
  ['default options', () => dataset, DEFAULT_ANCHOR],
  ['a small scale, another anchor and seed', () => generateDemoDataset(SMALL), SMALL.anchorDate!],
]

export function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>()
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)))
}

/** Checks rules row by row without an expect() per row: fast, and a failure lists what broke where. */
export function violations<T>(rows: readonly T[], rules: (row: T) => Record<string, boolean>): string[] {
  const found: string[] = []
  rows.forEach((row, i) => {
    for (const [rule, ok] of Object.entries(rules(row))) if (!ok) found.push(`row ${i}: ${rule}`)
  })
  return found.slice(0, 20)
}

export const UUID_V8 = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/
export const day = (date: Date) => Math.floor(date.getTime() / DAY_MS)
export const ids = <T extends { id: string }>(rows: readonly T[]) => new Set(rows.map((r) => r.id))
