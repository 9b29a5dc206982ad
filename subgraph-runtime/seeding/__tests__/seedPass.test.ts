import { seedPassOnStart } from '../demoSeed'

// Which seed pass a start with SEED_ON_FIRST_START runs: the decision that used to miss a database
// seeded half-way (neither new nor newly migrated), which then never got its demo passwords.
it.each([
  ['a new database', { fresh: true, migrationsApplied: 4 }, { complete: false }, 'new'],
  ['new migrations on a seeded database', { fresh: false, migrationsApplied: 1 }, { complete: true }, 'new'],
  ['new migrations during an unfinished pass', { fresh: false, migrationsApplied: 1 }, { complete: false }, 'new'],
  ['a pass that never finished', { fresh: false, migrationsApplied: 0 }, { complete: false }, 'resume'],
  ['a completed pass', { fresh: false, migrationsApplied: 0 }, { complete: true }, undefined],
] as const)('%s: %s', (_case, database, ledger, pass) => {
  expect(seedPassOnStart(database, ledger)).toBe(pass)
})
