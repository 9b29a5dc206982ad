import path from 'node:path'
import { execFileSync } from 'node:child_process'

// Each layout rule of eslint.config.mjs, proved with a deliberately bad import (and the allowed
// imports it must not refuse). ESLint runs in a child process (its config is an ES module, which
// Jest's CommonJS runtime cannot load); sources are linted as text under the path they would have,
// except the import cycle, which needs two real files (test/lint-fixtures/cycle/).
jest.setTimeout(120_000)

const root = path.resolve(__dirname, '..', '..')
interface Case {
  name: string
  file: string
  code?: string
  /** Rule ids reported, in order; [] for an import the rules allow. */
  expected: string[]
}
const importing = (...specifiers: string[]) =>
  specifiers.map((s, i) => `import * as m${i} from '${s}'\nexport const v${i} = m${i}\n`).join('')
const RESTRICTED = 'import-x/no-restricted-paths'
const ENTRY_POINTS = 'local/public-entry-points'

const cases: Case[] = [
  {
    name: 'the gateway imports a subgraph',
    file: 'gateway/fixture.ts',
    code: importing('../subgraphs/epro/subgraph'),
    expected: [RESTRICTED],
  },
  {
    name: 'the gateway imports the subgraph runtime',
    file: 'gateway/fixture.ts',
    code: importing('../subgraph-runtime/http/subscriptionServer'),
    expected: [RESTRICTED],
  },
  {
    name: 'the gateway imports the access policy',
    file: 'gateway/fixture.ts',
    code: importing('../access-policy/accessPolicy'),
    expected: [RESTRICTED],
  },
  {
    name: 'the gateway imports contracts and platform (allowed)',
    file: 'gateway/fixture.ts',
    code: importing('../contracts/identity', '../platform/logging/logger'),
    expected: [],
  },
  {
    name: 'contracts import platform',
    file: 'contracts/fixture.ts',
    code: importing('../platform/ids'),
    expected: [RESTRICTED],
  },
  {
    name: 'platform imports the subgraph runtime',
    file: 'platform/fixture.ts',
    code: importing('../subgraph-runtime/config'),
    expected: [RESTRICTED],
  },
  {
    name: 'the runtime imports a subgraph',
    file: 'subgraph-runtime/fixture.ts',
    code: importing('../subgraphs/labs/subgraph'),
    expected: [RESTRICTED],
  },
  {
    name: 'a subgraph imports another subgraph',
    file: 'subgraphs/epro/fixture.ts',
    code: importing('../users/auth/authSettings'),
    expected: [RESTRICTED],
  },
  {
    name: 'a subgraph imports the registry of all of them',
    file: 'subgraphs/epro/fixture.ts',
    code: importing('../registry'),
    expected: [RESTRICTED],
  },
  {
    name: 'a subgraph imports the gateway',
    file: 'subgraphs/epro/fixture.ts',
    code: importing('../../gateway/errorCodes'),
    expected: [RESTRICTED],
  },
  {
    name: 'a subgraph imports bench, e2e or scripts',
    file: 'subgraphs/epro/fixture.ts',
    code: importing('../../bench/lib/report', '../../e2e/support/operations', '../../scripts/run/supergraphProcesses'),
    expected: [RESTRICTED, RESTRICTED, RESTRICTED],
  },
  {
    name: "a subgraph's source imports test support",
    file: 'subgraphs/epro/fixture.ts',
    code: importing('../../test/support/eventually'),
    expected: [RESTRICTED],
  },
  {
    name: "a subgraph's test imports test support (allowed)",
    file: 'subgraphs/epro/__tests__/fixture.test.ts',
    code: importing('../../../test/support/eventually'),
    expected: [],
  },
  {
    name: "a subgraph's data layer imports its resolvers",
    file: 'subgraphs/epro/data/fixture.ts',
    code: importing('../resolvers'),
    expected: [RESTRICTED],
  },
  {
    name: "a subgraph's data layer imports its business logic",
    file: 'subgraphs/epro/data/fixture.ts',
    code: importing('../submission/recordSubmission'),
    expected: [RESTRICTED],
  },
  {
    name: "a subgraph's data layer imports data, generated code and shared rooms (allowed)",
    file: 'subgraphs/epro/data/fixture.ts',
    code: importing(
      './models',
      '../generated/prisma/enums',
      '../../../subgraph-runtime/audit/auditTrail',
      '../../../access-policy/accessPolicy',
    ),
    expected: [],
  },
  {
    name: 'the access policy imports the subgraph runtime',
    file: 'access-policy/fixture.ts',
    code: importing('../subgraph-runtime/config'),
    expected: [RESTRICTED],
  },
  {
    name: 'the access policy imports contracts and platform (allowed)',
    file: 'access-policy/fixture.ts',
    code: importing('../contracts/identity', '../platform/ids'),
    expected: [],
  },
  {
    name: 'platform imports the access policy',
    file: 'platform/fixture.ts',
    code: importing('../access-policy/accessPolicy'),
    expected: [RESTRICTED],
  },
  {
    name: 'the subgraph runtime imports the access policy',
    file: 'subgraph-runtime/fixture.ts',
    code: importing('../access-policy/accessPolicy'),
    expected: [RESTRICTED],
  },
  {
    name: 'the demo data imports platform',
    file: 'demo-data/fixture.ts',
    code: importing('../platform/ids'),
    expected: [RESTRICTED],
  },
  {
    name: 'a gateway test imports a subgraph (tests get test support, nothing more)',
    file: 'gateway/__tests__/fixture.test.ts',
    code: importing('../../subgraphs/epro/subgraph'),
    expected: [RESTRICTED],
  },
  {
    name: "a test of a subgraph's data layer imports its resolvers",
    file: 'subgraphs/epro/data/__tests__/fixture.test.ts',
    code: importing('../../resolvers'),
    expected: [RESTRICTED],
  },
  {
    name: "a deep import into a package's dist/, static and dynamic",
    file: 'gateway/fixture.ts',
    code: `${importing('@apollo/gateway/dist/datasources/types')}export const later = () => import('@apollo/gateway/dist/executeQueryPlan')\n`,
    expected: [ENTRY_POINTS, ENTRY_POINTS],
  },
  {
    name: 'a file of a package without an exports map',
    file: 'gateway/fixture.ts',
    code: importing('graphql/execution/values'),
    expected: [ENTRY_POINTS],
  },
  {
    name: 'a subpath the package publishes in its exports map (allowed)',
    file: 'gateway/fixture.ts',
    code: importing('@apollo/server/plugin/disabled', 'graphql-ws/use/ws'),
    expected: [],
  },
  { name: 'an import cycle', file: 'test/lint-fixtures/cycle/first.ts', expected: ['import-x/no-cycle'] },
]

const runner = `
import { ESLint } from 'eslint'
const cases = JSON.parse(process.argv[1])
const eslint = new ESLint({ cwd: process.cwd(), ignore: false })
const out = []
for (const c of cases) {
  const [result] = c.code === undefined ? await eslint.lintFiles([c.file]) : await eslint.lintText(c.code, { filePath: c.file })
  out.push(result.messages.map((m) => m.ruleId ?? m.message))
}
console.log(JSON.stringify(out))
`

const lint = (cwd: string, lintCases: Case[]): string[][] =>
  JSON.parse(
    execFileSync(process.execPath, ['--input-type=module', '-e', runner, JSON.stringify(lintCases)], {
      cwd,
      encoding: 'utf8',
    }),
  )

it('refuses each forbidden import with its rule, and allows the permitted ones', () => {
  const reported = lint(root, cases)
  expect(cases.map((c, i) => [c.name, reported[i]])).toEqual(cases.map((c) => [c.name, c.expected]))
})

it('applies the same rules when ESLint is started from a subfolder', () => {
  const fromGateway = cases
    .filter((c) => c.file.startsWith('gateway/') && c.code !== undefined)
    .map((c) => ({ ...c, file: c.file.slice('gateway/'.length) }))
  expect(fromGateway.length).toBeGreaterThan(3)
  const reported = lint(path.join(root, 'gateway'), fromGateway)
  expect(fromGateway.map((c, i) => [c.name, reported[i]])).toEqual(fromGateway.map((c) => [c.name, c.expected]))
})
