import fs from 'node:fs'
import path from 'node:path'
import { parse as parseYaml } from 'yaml'
import { readRoverConfig } from '../compose/roverConfig'
import { SUBGRAPH_ENV_VARIABLES } from '../../subgraph-runtime/config'
import { GATEWAY_ENV_VARIABLES } from '../../gateway/config'
import { subgraphModules } from '../../subgraphs/registry'
import { OUT_DIR, SERVER_ENTRIES, builtPath } from '../run/serverEntries'
import { PROJECT_ROOT as root } from '../../platform/projectFiles'

// docker-compose.yml cannot run here (no Docker engine), so it is checked as data: every subgraph
// of rover.yaml is a service on rover's port, the gateway reaches each at that port, the
// variables set are ones the processes read (no typos), and every service reports its health.
const compose = parseYaml(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<
    string,
    {
      command?: string[]
      environment?: Record<string, string>
      healthcheck?: { test: unknown }
      depends_on?: Record<string, { condition: string }>
      ports?: string[]
      volumes?: string[]
    }
  >
}
const rover = readRoverConfig(path.join(root, 'rover.yaml'))
const configurationDoc = fs.readFileSync(path.join(root, 'docs', 'configuration.md'), 'utf8')
/** The role a compose URL logs in as (the password is a `${VARIABLE:?…}` that URL parsing cannot take). */
const roleOf = (url: string | undefined) => url?.match(/^postgresql:\/\/([^:@]+)[:@]/)?.[1]
const databaseUrls = (name: string, environment: Record<string, string>) => ({
  service: environment.DATABASE_URL ?? environment[`${name.toUpperCase()}_DATABASE_URL`],
  migration: environment.MIGRATION_DATABASE_URL ?? environment[`${name.toUpperCase()}_MIGRATION_DATABASE_URL`],
})
const known = (list: readonly string[], name: string) =>
  list.some((entry) => entry === name || new RegExp(`^${entry.replace('<SUBGRAPH>', '[A-Z]+')}$`).test(name))

describe('docker-compose.yml', () => {
  it.each(rover.subgraphs.map((s) => [s.name, s] as const))(
    "runs subgraph %s on rover.yaml's port with its own entry point and a database",
    (name, subgraph) => {
      const service = compose.services[name]
      expect(service).toBeDefined()
      expect(service!.environment!.PORT).toBe(new URL(subgraph.url).port)
      // The image's build of the subgraph's entry point (npm run build: scripts/run/serverBuild.ts).
      expect(service!.command).toEqual(['node', '--enable-source-maps', builtPath(`subgraphs/${name}/main.ts`)])
      expect(fs.existsSync(path.join(root, 'subgraphs', name, 'main.ts'))).toBe(true)
      // Without a database URL a container would fall back to an embedded PGlite that dies with it.
      // The server runs as a role that owns nothing and migrates as the owner, another role: the
      // image runs NODE_ENV=production, which refuses a server that could switch off its audit trail.
      const urls = databaseUrls(name, service!.environment!)
      expect(urls.service).toMatch(/^postgresql:\/\/.*@postgres:5432\//)
      expect(urls.migration).toMatch(/^postgresql:\/\/.*@postgres:5432\//)
      expect(roleOf(urls.migration)).not.toBe(roleOf(urls.service))
      expect(service!.depends_on?.postgres?.condition).toBe('service_healthy')
      const readable = [
        ...SUBGRAPH_ENV_VARIABLES,
        ...(subgraphModules[name as keyof typeof subgraphModules]?.envVariables ?? []),
      ]
      for (const variable of Object.keys(service!.environment!))
        expect([variable, known(readable, variable)]).toEqual([variable, true])
    },
  )

  it("points the gateway at every subgraph on rover.yaml's port and path, and waits for them", () => {
    const gateway = compose.services.gateway!
    expect(gateway.command).toEqual([
      'node',
      '--max-old-space-size=768',
      '--enable-source-maps',
      builtPath('gateway/main.ts'),
    ])
    expect(gateway.ports).toContain('4000:4000')
    for (const subgraph of rover.subgraphs) {
      const routing = new URL(subgraph.url)
      expect(gateway.environment![`${subgraph.name.toUpperCase()}_SUBGRAPH_URL`]).toBe(
        `http://${subgraph.name}:${routing.port}${routing.pathname}`,
      )
      expect(gateway.depends_on![subgraph.name]!.condition).toBe('service_healthy')
    }
    for (const variable of Object.keys(gateway.environment!))
      expect([variable, known(GATEWAY_ENV_VARIABLES, variable)]).toEqual([variable, true])
  })

  it('runs the servers from the build the image makes, and builds every server the services run', () => {
    const dockerfile = fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')
    expect(dockerfile).toMatch(/^RUN npm run build && npm run build:web$/m)
    expect(dockerfile).toMatch(/^COPY --from=build \/build\/dist dist$/m)
    const built = Object.values(compose.services)
      .map((service) => service.command?.find((part) => part.startsWith(`${OUT_DIR}/`)))
      .filter((file) => file !== undefined)
    expect(built.sort()).toEqual(SERVER_ENTRIES.map(builtPath).sort())
  })

  it('runs Postgres and a single-node KRaft Kafka', () => {
    expect(compose.services.postgres!.environment!.POSTGRES_PASSWORD).toMatch(/^\$\{POSTGRES_PASSWORD:\?/)
    const kafka = compose.services.kafka!.environment!
    expect(kafka.KAFKA_PROCESS_ROLES).toBe('broker,controller')
    expect(kafka.KAFKA_CONTROLLER_QUORUM_VOTERS).toBe('1@kafka:9093')
  })

  it("makes, when Postgres's volume is initialised, the roles the subgraphs log in as", () => {
    const postgres = compose.services.postgres!
    const mount = postgres.volumes!.find((volume) => volume.includes(':/docker-entrypoint-initdb.d/'))
    expect(mount).toMatch(
      /^\.\/scripts\/services\/composeDatabaseRoles\.sh:\/docker-entrypoint-initdb\.d\/[\w-]+\.sh:ro$/,
    )
    const script = fs.readFileSync(path.join(root, mount!.split(':')[0]!), 'utf8')
    for (const name of rover.subgraphs.map((s) => s.name)) {
      const urls = databaseUrls(name, compose.services[name]!.environment!)
      for (const role of [roleOf(urls.service), roleOf(urls.migration)])
        expect([name, role, script.includes(`CREATE ROLE ${role} LOGIN`)]).toEqual([name, role, true])
      // The owner owns the database (it creates the schemas); the service role owns nothing.
      expect(script).toContain(`OWNER TO ${roleOf(urls.migration)};`)
      expect(script).toMatch(new RegExp(`CREATE ROLE ${roleOf(urls.service)} .*NOSUPERUSER NOCREATEDB NOCREATEROLE;`))
    }
    // The passwords the script reads are handed to the container, and .env.example asks for them.
    const envExample = fs.readFileSync(path.join(root, '.env.example'), 'utf8')
    for (const variable of script.match(/\$\{(POSTGRES_\w+_PASSWORD):\?/g)!.map((m) => m.slice(2, -2)))
      expect([postgres.environment![variable], envExample.includes(`\n${variable}=`)]).toEqual([
        expect.stringMatching(new RegExp(`^\\$\\{${variable}:\\?`)),
        true,
      ])
  })

  it('gives every service a health check', () => {
    for (const [name, service] of Object.entries(compose.services))
      expect([name, service.healthcheck?.test]).toEqual([name, expect.anything()])
  })

  it('uses only variables docs/configuration.md documents', () => {
    // Only a subgraph's name makes a per-subgraph variable: MIGRATION_DATABASE_URL is documented on its own.
    const names = rover.subgraphs.map((s) => s.name.toUpperCase()).join('|')
    const perSubgraph = new RegExp(`^(?:${names})_(MIGRATION_DATABASE_URL|DATABASE_URL|SUBGRAPH_URL|EVENTS_URL)$`)
    const processes = [...rover.subgraphs.map((s) => s.name), 'gateway']
    for (const name of processes) {
      for (const variable of Object.keys(compose.services[name]!.environment!)) {
        const documented =
          configurationDoc.includes(`\`${variable}\``) ||
          configurationDoc.includes(`\`${variable.replace(perSubgraph, '<SUBGRAPH>_$1')}\``)
        expect([variable, documented]).toEqual([variable, true])
      }
    }
  })
})
