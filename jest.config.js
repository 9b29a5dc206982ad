// Three layers (STYLE.md): unit tests of pure logic, subgraph tests against real Postgres
// (*.pg.test.ts), and end-to-end scenarios with real processes (e2e/).
// Transpile only (types are checked once by `npm run typecheck`), which keeps suites fast; classic
// CommonJS output turns dynamic import() (used inside Prisma's client) into require(), which Jest's VM needs.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true, module: 'commonjs' }, diagnostics: false }] }
// Prisma's generated client imports its own files with a .js extension (importFileExtension = "js").
const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' }
const common = { transform, moduleNameMapper, testEnvironment: 'node', modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/'] }
const source = '<rootDir>/{server-kit,demo-data,subgraphs,gateway,scripts}/**/__tests__/**/'

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: [`${source}*.test.ts`], testPathIgnorePatterns: ['\\.pg\\.test\\.ts$'] },
    { ...common, displayName: 'pg', testMatch: [`${source}*.pg.test.ts`], globalSetup: '<rootDir>/test/support/requirePostgres.ts' },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/e2e/**/*.test.ts'], globalSetup: '<rootDir>/test/support/requirePostgres.ts' },
  ],
}
