// The repository's rules, run by `npm run lint` and CI. The layout rules (who may import what)
// are the README's code map made executable; scripts/__tests__/importRules.test.ts proves each one.
import fs from 'node:fs'
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import { importX } from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'

/**
 * Top-level folders and the folders of ours each may import besides itself. Anything not listed
 * is off limits: the gateway imports only contracts and platform; nothing a server runs imports
 * the tools (scripts, bench, e2e, test).
 */
const ROOMS = {
  contracts: [],
  platform: ['contracts'],
  'access-policy': ['contracts', 'platform'],
  'subgraph-runtime': ['contracts', 'platform'],
  gateway: ['contracts', 'platform'],
  subgraphs: ['contracts', 'platform', 'access-policy', 'subgraph-runtime', 'demo-data'],
  'demo-data': [],
}
const TOP_LEVEL = [...Object.keys(ROOMS), 'scripts', 'bench', 'e2e', 'test', 'prisma']
const TESTS = ['**/__tests__/**']
const SUBGRAPHS = fs
  .readdirSync('subgraphs', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

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
      'test/lint-fixtures/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // The import rules parse the files an import leads to: TypeScript's parser for .ts.
      'import-x/extensions': importX.flatConfigs.typescript.settings['import-x/extensions'],
      'import-x/parsers': importX.flatConfigs.typescript.settings['import-x/parsers'],
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: 'tsconfig.json' })],
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-useless-path-segments': 'error',
      'import-x/no-duplicates': 'error',
      'import-x/no-restricted-paths': ['error', { zones: [...roomZones, ...subgraphZones] }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(@[^/]+/)?[^./][^/]*/dist/',
              message:
                "Use the package's public entry point; where it has none, isolate the deep import in one adapter file with a test that fails on an upgrade (see gateway/subscriptions/planExecution.ts).",
            },
          ],
        },
      ],
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
          zones: [
            ...roomZones.map((zone) => ({ ...zone, from: zone.from.filter((from) => from !== './test') })),
            ...subgraphZones.filter((zone) => !zone.target.endsWith('/data')),
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
