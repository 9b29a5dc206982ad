// Three layers: unit tests of pure logic, integration tests against real Postgres
// (*.pg.test.ts) and a real Kafka broker (*.kafka.test.ts), and end-to-end scenarios with real
// processes (e2e/).
// Transpile only (types are checked once by `npm run typecheck`), which keeps suites fast; classic
// CommonJS output turns dynamic import() (used inside Prisma's client) into require(), which Jest's VM needs.
// auto-bind (used by GraphQL Code Generator) and jose (JWTs) ship only ES modules, which Jest's
// CommonJS runtime cannot load untransformed.
const tsJest = [
  'ts-jest',
  { tsconfig: { isolatedModules: true, module: 'commonjs', allowJs: true }, diagnostics: false },
]
const transform = { '^.+\\.ts$': tsJest, '/node_modules/(auto-bind|jose)/.+\\.js$': tsJest }
const transformIgnorePatterns = ['/node_modules/(?!(auto-bind|jose)/)']
// Prisma's generated client imports its own files with a .js extension (importFileExtension = "js").
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' }
const common = {
  transform,
  transformIgnorePatterns,
  moduleNameMapper,
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'],
}
const source =
  '<rootDir>/{contracts,platform,access-policy,subgraph-runtime,demo-data,subgraphs,gateway,scripts,bench}/**/__tests__/**/'

/** @type {import('jest').Config} */
module.exports = {
  // Ends a hung test or hook; it does not time a slow one. Jest's 5 s default failed suites on a
  // loaded CI machine where nothing was wrong: a subgraph's stop() in afterAll alone takes 3–4 s
  // there (it waits for the test client's idle keep-alive sockets). Top-level because Jest reads
  // testTimeout from the global config, for every project; suites that set their own
  // (jest.setTimeout) keep it.
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      // The web app's pure logic too (its components are tested in a browser: e2e/webApp.solo.test.ts).
      testMatch: [`${source}*.test.ts`, '<rootDir>/web/src/**/__tests__/*.test.ts'],
      testPathIgnorePatterns: ['\\.(pg|kafka)\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'pg',
      testMatch: [`${source}*.pg.test.ts`],
      globalSetup: '<rootDir>/test/support/requirePostgres.ts',
    },
    {
      ...common,
      displayName: 'kafka',
      testMatch: [`${source}*.kafka.test.ts`],
      globalSetup: '<rootDir>/test/support/requireServices.ts',
    },
    // End-to-end suites start the whole supergraph as real processes. Those named *.solo.test.ts
    // measure time (deadlines, breakers, load shedding, rate limits, shutdown, latency bounds) and
    // run alone; the others are about outcomes, not time, and two run at once (scripts/test.ts).
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/e2e/**/*.test.ts'],
      testPathIgnorePatterns: ['\\.solo\\.test\\.ts$'],
      globalSetup: '<rootDir>/e2e/support/globalSetup.ts',
    },
    {
      ...common,
      displayName: 'e2e-solo',
      testMatch: ['<rootDir>/e2e/**/*.solo.test.ts'],
      globalSetup: '<rootDir>/e2e/support/globalSetup.ts',
    },
  ],
}
