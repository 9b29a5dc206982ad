// A deliberate import cycle for scripts/__tests__/importRules.test.ts (ignored by the repository's lint).
import { second } from './second'

export const first = (): string => `first, then ${second()}`
