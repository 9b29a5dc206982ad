import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { readRoverConfig } from '../compose/roverConfig'
import { composeSupergraph } from '../compose/composeSupergraph'

// Composition as `npm run compose` runs it, on temporary rover configs.
function workspace(subgraphs: Record<string, string>, federationVersion = '=2.14.4'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'compose-'))
  const entries = Object.entries(subgraphs).map(([name, sdl], i) => {
    fs.writeFileSync(path.join(dir, `${name}.graphql`), sdl)
    return `  ${name}:\n    routing_url: http://localhost:${4101 + i}/graphql\n    schema:\n      file: ./${name}.graphql`
  })
  fs.writeFileSync(
    path.join(dir, 'rover.yaml'),
    `federation_version: ${federationVersion}\nsubgraphs:\n${entries.join('\n')}\n`,
  )
  return path.join(dir, 'rover.yaml')
}

const LINK = 'extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])\n'

describe('composeSupergraph', () => {
  it('composes the real rover.yaml of this repository into the committed supergraph', () => {
    const outcome = composeSupergraph(readRoverConfig(path.join(__dirname, '..', '..', 'rover.yaml')))
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.errors))
    expect(outcome.supergraphSdl).toBe(
      fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'supergraph.graphql'), 'utf8'),
    )
  })

  it('reports a conflict with its code and the subgraphs involved', () => {
    const config = readRoverConfig(
      workspace({
        a: `${LINK}type Query { a: Thing } type Thing @key(fields: "id") { id: ID! size: Int! }`,
        b: `${LINK}type Query { b: Thing } type Thing @key(fields: "id") { id: ID! size: String! }`,
      }),
    )
    const outcome = composeSupergraph(config)
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.errors[0]).toMatchObject({
      code: 'FIELD_TYPE_MISMATCH',
      subgraphs: expect.arrayContaining(['a', 'b']),
    })
  })

  it('reports SDL that does not parse as INVALID_GRAPHQL naming the file', () => {
    const outcome = composeSupergraph(readRoverConfig(workspace({ broken: 'type Query { oops' })))
    expect(outcome).toMatchObject({ ok: false, errors: [{ code: 'INVALID_GRAPHQL', subgraphs: ['broken'] }] })
  })

  it("rejects a rover.yaml that is not rover's format, saying what is wrong", () => {
    const file = workspace({ a: `${LINK}type Query { a: Int }` }, '"latest"')
    expect(() => readRoverConfig(file)).toThrow(/federation_version/)
  })
})
