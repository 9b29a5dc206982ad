import fs from 'node:fs'
import path from 'node:path'
import { execFileSync } from 'node:child_process'
import { errorCatalog, renderErrorDocument } from '../docs/errorCatalog'

// The error registry is true: every code the servers raise is defined in a registry (raised through
// its definition, never as a bare string), every defined code is raised somewhere, no code is
// defined twice, and docs/errors.md is what the registries print.

const root = path.resolve(__dirname, '..', '..')
const SERVER_ROOMS = ['contracts', 'platform', 'access-policy', 'subgraph-runtime', 'gateway', 'subgraphs']
const sources = execFileSync(
  'git',
  ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...SERVER_ROOMS.map((room) => `${room}/*.ts`)],
  { cwd: root, encoding: 'utf8' },
)
  .split('\n')
  .filter(
    (file) =>
      file && !file.includes('__tests__/') && !file.includes('/generated/') && fs.existsSync(path.join(root, file)),
  )
  .map((file) => ({ file, text: fs.readFileSync(path.join(root, file), 'utf8') }))
const catalog = errorCatalog()
const isRegistryFile = (file: string) => /(^|\/)(errorCodes|commonErrorCodes|errorRegistry)\.ts$/.test(file)

/**
 * `code: 'X'`, `code = 'X'`, `code === 'X'`, `appError('X'`: a code written as a string instead of
 * through its definition.
 */
const BARE_CODE = /\bcode\s*(?::|=|===|!==|==)\s*['"`]([A-Z][A-Z0-9_]*)['"`]|\bappError\(\s*['"`]([A-Z][A-Z0-9_]*)/g

it('finds the server sources and the registries (the scan below is not vacuous)', () => {
  expect(sources.length).toBeGreaterThan(150)
  expect(sources.some((s) => s.file === 'gateway/subgraphDataSource.ts')).toBe(true)
  expect(catalog.map((d) => d.owner)).toEqual(expect.arrayContaining(['platform', 'gateway', 'users', 'epro']))
})

it('no server code writes an error code as a bare string: each is raised through a registered definition', () => {
  const bare = sources.flatMap(({ file, text }) =>
    [...text.matchAll(BARE_CODE)].map((m) => `${file}:${text.slice(0, m.index).split('\n').length}: ${m[0]}`),
  )
  expect(bare).toEqual([])
})

it('the scan recognises the bare forms it forbids', () => {
  const examples = [
    "extensions: { code: 'NOT_A_CODE' }",
    "if (x.code === 'GRAPHQL_PARSE_FAILED')",
    "code = 'PAYLOAD_TOO_LARGE'",
    "appError('FORBIDDEN', 'no')",
  ]
  expect(examples.map((e) => [...e.matchAll(BARE_CODE)].length)).toEqual([1, 1, 1, 1])
})

it('defines every code once, in upper snake case, with an error status and a sentence', () => {
  const codes = catalog.map((d) => d.code)
  expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([])
  for (const d of catalog) {
    expect([d.code, /^[A-Z][A-Z0-9_]+$/.test(d.code)]).toEqual([d.code, true])
    // 200 only where the protocol expects the error in a normal answer (persisted-query misses).
    expect([d.code, d.httpStatus === 200 || (d.httpStatus >= 400 && d.httpStatus <= 599)]).toEqual([d.code, true])
    expect([d.code, /[.)]$/.test(d.description)]).toEqual([d.code, true])
  }
})

it("every registry defined anywhere is in the catalogue (a subgraph's is declared on its module)", async () => {
  const definingFiles = sources.filter(
    ({ file, text }) => /\bdefineErrorCodes\(/.test(text) && !file.endsWith('errorRegistry.ts'),
  )
  expect(definingFiles.map(({ file }) => file)).toEqual(
    expect.arrayContaining(['gateway/errorCodes.ts', 'subgraphs/epro/errorCodes.ts']),
  )
  const modules = await Promise.all(
    definingFiles.map(async ({ file }) => ({
      file,
      exports: (await import(path.join(root, file))) as Record<string, unknown>,
    })),
  )
  const missing = modules.flatMap(({ file, exports }) => {
    return (Object.values(exports) as Record<string, { code: string }>[])
      .flatMap((registry) => Object.values(registry))
      .filter((definition) => !catalog.includes(definition as never))
      .map((definition) => `${file}: ${definition.code}`)
  })
  expect(missing).toEqual([])
})

it('every defined code is raised by some server code (or by the library named in raisedBy)', () => {
  const raising = sources.filter(({ file }) => !isRegistryFile(file))
  const unused = catalog
    .filter((d) => !d.raisedBy)
    .filter((d) => !raising.some(({ text }) => new RegExp(`(?<![\\w'"\`])${d.code}(?![\\w'"\`])`).test(text)))
    .map((d) => `${d.owner}: ${d.code}`)
  expect(unused).toEqual([])
})

it('docs/errors.md is current (npm run docs)', () => {
  expect(fs.readFileSync(path.join(root, 'docs', 'errors.md'), 'utf8')).toBe(renderErrorDocument(catalog))
})
