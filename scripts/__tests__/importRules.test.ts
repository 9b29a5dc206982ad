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
    name: "a deep import into a package's dist/",
    file: 'gateway/fixture.ts',
    code: importing('@apollo/gateway/dist/datasources/types'),
    expected: ['no-restricted-imports'],
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

it('refuses each forbidden import with its rule, and allows the permitted ones', () => {
  const output = execFileSync(process.execPath, ['--input-type=module', '-e', runner, JSON.stringify(cases)], {
    cwd: root,
    encoding: 'utf8',
  })
  const reported: string[][] = JSON.parse(output)
  expect(cases.map((c, i) => [c.name, reported[i]])).toEqual(cases.map((c) => [c.name, c.expected]))
})
