// The repository's rules, run by `npm run lint` and CI. The layout rules (who may import what)
// are the README's code map made executable; scripts/__tests__/importRules.test.ts proves each one.
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { importX } from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'
import reactHooks from 'eslint-plugin-react-hooks'
import { publicEntryPointsRule } from './scripts/lint/publicEntryPoints.mjs'

// Paths are the repository's, wherever ESLint is started from.
const ROOT = path.dirname(fileURLToPath(import.meta.url))
const foldersOf = (dir) =>
  fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules')
    .map((entry) => entry.name)

/**
 * The folders servers run from, and the top-level folders each may import besides itself; every
 * other top-level folder is off limits (the tools: scripts, bench, e2e, test, and any folder added
 * later). The gateway imports only contracts and platform.
 */
const ROOMS = {
  contracts: [],
  platform: ['contracts'],
  'access-policy': ['contracts', 'platform'],
  'subgraph-runtime': ['contracts', 'platform'],
  gateway: ['contracts', 'platform'],
  subgraphs: ['contracts', 'platform', 'access-policy', 'subgraph-runtime', 'demo-data'],
  'demo-data': [],
  // The browser app: a client of the supergraph like any other, through its committed operations.
  web: [],
}
const TOP_LEVEL = foldersOf('.')
const TESTS = ['**/__tests__/**']
const SUBGRAPHS = foldersOf('subgraphs')

const roomZones = Object.entries(ROOMS).map(([room, may]) => ({
  target: `./${room}`,
  from: TOP_LEVEL.filter((other) => other !== room && !may.includes(other)).map((other) => `./${other}`),
  message: `${room}/ may import only ${may.length ? may.join(', ') : 'itself'} (eslint.config.mjs, ROOMS).`,
}))
const subgraphZones = SUBGRAPHS.flatMap((name) => [
  {
    target: `./subgraphs/${name}`,
    from: './subgraphs',
    except: [`./${name}`],
    message:
      'A subgraph never imports another subgraph (or the registry of all of them): contexts meet only through federation entities and events.',
  },
  {
    target: `./subgraphs/${name}/data`,
    from: `./subgraphs/${name}`,
    except: ['./data', './generated'],
    message:
      "A subgraph's data layer does not import its resolvers or business logic; what it stores is defined in data/ (or generated/).",
  },
])

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      'coverage/',
      '.data/',
      '.tmp/',
      'bench/results/',
      'subgraphs/*/generated/',
      'web/dist/',
      'web/src/generated/',
      'test/lint-fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX, local: { rules: { 'public-entry-points': publicEntryPointsRule(ROOT) } } },
    settings: {
      // The import rules parse the files an import leads to: TypeScript's parser for .ts.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: [path.join(ROOT, 'tsconfig.json'), path.join(ROOT, 'web', 'tsconfig.json')],
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [...roomZones, ...subgraphZones] }],
      // A package through the entry points it publishes only; where it has no public seam for what
      // we need, one adapter file uses the internal, with a test that fails on an upgrade that moves it.
      'local/public-entry-points': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // A variable a callback reads before it is assigned (a stop handler set up before start-up) stays `let`.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
    },
  },
  {
    // The web app's components: hooks called unconditionally, effects that list what they read.
    files: ['web/**/*.tsx', 'web/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // Test code reads loosely shaped responses; production code may not.
    files: [...TESTS, 'e2e/**', 'test/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Tests may also use the shared test support (test/support).
    files: TESTS,
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: ROOT,
          zones: [
            ...roomZones.map((zone) => ({ ...zone, from: zone.from.filter((from) => from !== './test') })),
            ...subgraphZones,
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
)
