import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { runSchemaCheck, type SchemaCheckReport } from '../schema-check/runSchemaCheck'
import { renderReport, reportJson } from '../schema-check/report'
import type { Finding, RuleName } from '../schema-check/findings'
import { copyRepository, type RepositoryCopy } from './repositoryCopy'

// Every rule of `npm run schema:check`, each broken by a fixture in a temporary copy of the
// repository, plus the changes that must pass.
jest.setTimeout(180_000) // ends a hung check; each copies the repository and composes, slow on a loaded machine

let repo: RepositoryCopy
beforeEach(() => {
  repo = copyRepository()
})
afterEach(() => repo.remove())

const cli = (...args: string[]) =>
  spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(__dirname, '..', 'schemaCheck.ts'),
      '--root',
      repo.root,
      '--base-file',
      repo.baseSupergraph,
      ...args,
    ],
    { encoding: 'utf8' },
  )
// In-process checks skip the Prisma rule: PGlite's dynamic imports need a real Node runtime, not Jest's VM.
const check = () =>
  runSchemaCheck({ root: repo.root, base: { kind: 'file', path: repo.baseSupergraph }, skip: ['prisma-migrations'] })
const findingsOf = (report: SchemaCheckReport, rule: RuleName, severity: Finding['severity'] = 'error') =>
  report.outcomes.find((o) => o.rule === rule)!.findings.filter((f) => f.severity === severity)

describe('passes', () => {
  it('on the repository as committed', async () => {
    const report = await check()
    expect(report.outcomes.flatMap((o) => o.findings.filter((f) => f.severity === 'error'))).toEqual([])
    expect(report.ok).toBe(true)
  })

  it('on an additive change: a new nullable field and a new optional argument', async () => {
    repo.edit('subgraphs/patients/schema.graphql', (sdl) =>
      sdl.replace(
        '  enrollmentDate: Date\n',
        '  enrollmentDate: Date\n  "Preferred language for patient material, BCP 47."\n  preferredLanguage: String\n',
      ),
    )
    repo.edit('subgraphs/labs/schema.graphql', (sdl) =>
      sdl.replace('labResult(id: ID!): LabResult', 'labResult(id: ID!, includeCancelled: Boolean = false): LabResult'),
    )
    await repo.recomposeAndRegenerate()
    const report = await check()
    expect(report.ok).toBe(true)
  })

  it('on a dangerous change, reporting it as a warning', async () => {
    repo.edit('subgraphs/labs/schema.graphql', (sdl) =>
      sdl.replace('  LL\n}', '  LL\n  "Abnormal, no direction (HL7 0078 A)."\n  A\n}'),
    )
    await repo.recomposeAndRegenerate()
    const report = await check()
    expect(report.ok).toBe(true)
    expect(findingsOf(report, 'breaking-changes', 'warning')).toEqual([
      expect.objectContaining({ code: 'ENUM_VALUE_ADDED', path: 'AbnormalFlag.A' }),
    ])
  })
})

describe('fails', () => {
  it('when a field a dashboard uses is removed: breaking change and invalid operation', async () => {
    repo.edit('subgraphs/patients/schema.graphql', (sdl) => sdl.replace('  enrollmentDate: Date\n', ''))
    await repo.recomposeAndRegenerate()
    const report = await check()
    expect(report.ok).toBe(false)
    expect(findingsOf(report, 'breaking-changes')).toEqual([
      expect.objectContaining({
        code: 'FIELD_REMOVED',
        path: 'Patient.enrollmentDate',
        message: expect.stringContaining("Field 'enrollmentDate' was removed from object type 'Patient'"),
      }),
    ])
    expect(findingsOf(report, 'operations')).toEqual([
      expect.objectContaining({
        code: 'INVALID_OPERATION',
        file: 'schema/operations/PatientFullView.graphql',
        message: expect.stringContaining('Cannot query field "enrollmentDate" on type "Patient"'),
      }),
    ])
    expect(renderReport(report)).toContain(
      'If this break is intentional, acknowledge it in schema/breaking-changes.yaml',
    )
  })

  it('when an argument becomes required', async () => {
    repo.edit('subgraphs/labs/schema.graphql', (sdl) =>
      sdl.replace(
        'labResults(first: Int = 50, abnormalOnly: Boolean = false, loincCode: String)',
        'labResults(first: Int = 50, abnormalOnly: Boolean = false, loincCode: String, since: DateTime!)',
      ),
    )
    await repo.recomposeAndRegenerate()
    const report = await check()
    expect(findingsOf(report, 'breaking-changes')).toEqual([
      expect.objectContaining({ code: 'FIELD_ARGUMENT_ADDED', path: 'Patient.labResults.since' }),
    ])
    expect(
      findingsOf(report, 'operations')
        .map((f) => f.message)
        .join('\n'),
    ).toMatch(/argument "since" of type "DateTime!" is required/)
  })

  it('when composition fails, naming the error code and the subgraphs', async () => {
    repo.edit('subgraphs/labs/schema.graphql', (sdl) =>
      sdl.replace('type Patient @key(fields: "id") {\n  id: ID!', 'type Patient @key(fields: "id") {\n  id: String!'),
    )
    const report = await check()
    expect(report.ok).toBe(false)
    expect(findingsOf(report, 'composition')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'FIELD_TYPE_MISMATCH', subgraphs: expect.arrayContaining(['labs']) }),
      ]),
    )
    expect(report.outcomes.find((o) => o.rule === 'operations')!.skipped).toBe('composition failed')
  })

  it('when the supergraph was edited by hand, showing the diff', async () => {
    repo.edit('schema/supergraph.graphql', (sdl) => `${sdl}\ntype HandWritten\n{\n  secretField: String\n}\n`)
    const report = await check()
    const [stale] = findingsOf(report, 'supergraph-current')
    expect(stale).toMatchObject({ code: 'STALE_FILE', file: 'schema/supergraph.graphql' })
    expect(stale!.detail).toMatch(/^- {2}secretField: String$/m)
  })

  it('when a subgraph SDL does not parse, or is not Federation 2', async () => {
    repo.edit('subgraphs/studies/schema.graphql', (sdl) =>
      sdl.replace('type Study @key(fields: "id") {', 'type Study @key(fields: "id") {{'),
    )
    repo.edit('subgraphs/users/schema.graphql', (sdl) => sdl.replace(/^extend schema @link[^\n]*\n/, ''))
    const report = await check()
    expect(findingsOf(report, 'subgraph-sdl')).toEqual([
      expect.objectContaining({
        code: 'NOT_FEDERATION_2',
        subgraphs: ['users'],
        file: 'subgraphs/users/schema.graphql',
      }),
      expect.objectContaining({
        code: 'INVALID_GRAPHQL',
        subgraphs: ['studies'],
        file: 'subgraphs/studies/schema.graphql',
        line: 18,
      }),
    ])
  })

  it('when generated resolver types are stale', async () => {
    repo.edit('subgraphs/patients/schema.graphql', (sdl) =>
      sdl.replace('  enrollmentDate: Date\n', '  enrollmentDate: Date\n  preferredLanguage: String\n'),
    )
    const report = await check()
    expect(findingsOf(report, 'generated-types')).toEqual([
      expect.objectContaining({
        code: 'STALE_FILE',
        file: 'subgraphs/patients/generated/graphql.ts',
        subgraphs: ['patients'],
      }),
    ])
  })

  it('when a Prisma schema change has no migration (through the CLI: PGlite needs a real Node runtime)', () => {
    repo.edit('prisma/labs/schema.prisma', (schema) =>
      schema.replace('  unit            String\n', '  unit            String\n  specimen        String?\n'),
    )
    const result = cli('--json')
    expect(result.status).toBe(1)
    expect(JSON.parse(result.stdout).findings).toEqual([
      expect.objectContaining({
        rule: 'prisma-migrations',
        code: 'MIGRATION_MISSING',
        subgraphs: ['labs'],
        detail: expect.stringContaining('ADD COLUMN     "specimen" TEXT'),
      }),
    ])
  })
})

describe('acknowledged breaking changes', () => {
  const removeEnrollmentDate = async () => {
    repo.edit('subgraphs/patients/schema.graphql', (sdl) => sdl.replace('  enrollmentDate: Date\n', ''))
    repo.edit('schema/operations/PatientFullView.graphql', (op) => op.replace('  enrollmentDate\n', ''))
    await repo.recomposeAndRegenerate()
  }

  it('pass and print their reason', async () => {
    await removeEnrollmentDate()
    repo.edit(
      'schema/breaking-changes.yaml',
      () =>
        'acknowledged:\n  - change: FIELD_REMOVED\n    path: Patient.enrollmentDate\n    reason: The enrollment date moved to Patient.enrollment; all dashboards updated in 2026.12.\n',
    )
    const report = await check()
    expect(report.ok).toBe(true)
    const [acknowledged] = findingsOf(report, 'breaking-changes', 'notice')
    expect(acknowledged).toMatchObject({ code: 'FIELD_REMOVED', path: 'Patient.enrollmentDate' })
    expect(renderReport(report)).toContain('reason: The enrollment date moved to Patient.enrollment')
  })

  it('must name the same change: another path does not acknowledge it', async () => {
    await removeEnrollmentDate()
    repo.edit(
      'schema/breaking-changes.yaml',
      () =>
        'acknowledged:\n  - change: FIELD_REMOVED\n    path: Patient.sex\n    reason: A different field altogether, acknowledged long ago.\n',
    )
    expect((await check()).ok).toBe(false)
  })

  it('must give a reason', async () => {
    repo.edit(
      'schema/breaking-changes.yaml',
      () => 'acknowledged:\n  - change: FIELD_REMOVED\n    path: Patient.enrollmentDate\n',
    )
    await expect(check()).rejects.toThrow(/reason/)
  })
})

describe('output', () => {
  it('--json is machine-readable with every rule and finding', async () => {
    repo.edit('schema/supergraph.graphql', (sdl) => sdl + '\n')
    const json = JSON.parse(reportJson(await check()))
    expect(json.ok).toBe(false)
    expect(json.rules.find((r: { rule: string }) => r.rule === 'supergraph-current').status).toBe('failed')
    expect(json.findings[0]).toMatchObject({ rule: 'supergraph-current', severity: 'error', code: 'STALE_FILE' })
  })

  it('the CLI exits 1 on a failed check and 0 on a clean one', () => {
    expect(cli('--skip', 'prisma-migrations').status).toBe(0)
    repo.edit('schema/supergraph.graphql', (sdl) => sdl + '\n')
    const failed = cli('--json', '--skip', 'prisma-migrations')
    expect(failed.status).toBe(1)
    expect(JSON.parse(failed.stdout).counts.error).toBe(1)
  })
})
