import type { DemoOptions } from '../index'

// Options shared by the demo-dataset suites: the default anchor, and a small odd-sized dataset
// that exercises every code path with other numbers than the defaults.
export const DEFAULT_ANCHOR = new Date('2026-11-15T00:00:00Z')
export const SMALL: DemoOptions = {
  anchorDate: new Date('2024-03-01T09:30:00Z'),
  seed: 7,
  scale: { sitesPerStudy: [2, 1], staffUsers: 20, patients: 61, eproEntries: 1_500, labResults: 700 },
}
