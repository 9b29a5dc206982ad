import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml'
import { assertionHeaderFor } from './benchAssertions'
import { benchSettings } from './benchSettings'
import { spawnPeer, stopChild, waitForGraphql, type PeerLaunch } from './peerProcess'

/**
 * Other federation gateways, run on our supergraph and subgraphs as benchmark baselines. They are
 * never dependencies of the project: scripts/peers/<peer>.sh builds or installs each one into the
 * git-ignored .tmp/peers/<peer>/, and this module only starts what is there.
 *
 * Our subgraphs answer only a request carrying an x-gateway-assertion addressed to them, which a
 * peer cannot sign. So the client sends one assertion per subgraph, in x-assertion-<subgraph>
 * (see assertionHeaderFor), and each peer is configured to forward to subgraph <name> only the
 * client's x-assertion-<name>, renamed to x-gateway-assertion. x-request-id is forwarded as is.
 */
export type PeerName = 'hive-router' | 'hive-gateway' | 'cosmo-router'

export const PEER_NAMES: readonly PeerName[] = ['hive-router', 'hive-gateway', 'cosmo-router']

export interface PeerOptions {
  /** Where the peer listens (on 127.0.0.1). */
  port: number
  /** Subgraph name → its GraphQL URL (http://127.0.0.1:PORT/graphql), one for every subgraph of the supergraph. */
  subgraphUrls: Record<string, string>
  /** Our composed supergraph SDL (its own routing URLs are replaced by subgraphUrls). */
  supergraphPath: string
}

export interface RunningPeer {
  name: PeerName
  /** The peer's GraphQL endpoint. */
  url: string
  pid: number
  /** Its config, SDL copy and output (output.log) for this run. */
  runDir: string
  stop(): Promise<void>
}

const ASSERTION_HEADER = 'x-gateway-assertion'
const ROOT = path.resolve(__dirname, '..', '..')
const SCRIPTS = path.join(ROOT, 'scripts', 'peers')
const peerDir = (name: PeerName) => path.join(ROOT, '.tmp', 'peers', name)

class PeerNotBuiltError extends Error {
  constructor(name: PeerName, reason: string) {
    super(`${name} is not built: run bash scripts/peers/${name}.sh (${reason})`)
    this.name = 'PeerNotBuiltError'
  }
}

/** What each peer's script leaves in .tmp/peers/<peer>/, and which of it must be executable. */
const INSTALLED = {
  'hive-router': { bin: ['bin/hive_router', true] },
  'hive-gateway': {
    bin: ['node_modules/@graphql-hive/gateway/dist/bin.js', false],
    runtime: ['node_modules/@graphql-hive/router-runtime/package.json', false],
  },
  'cosmo-router': { bin: ['bin/router', true], wgc: ['wgc/node_modules/.bin/wgc', true] },
} as const satisfies Record<PeerName, Record<string, readonly [string, boolean]>>

/** The peer's installed files (absolute paths), or PeerNotBuiltError naming the first one missing. */
function installedFiles<N extends PeerName>(name: N): Record<keyof (typeof INSTALLED)[N], string> {
  const files = {} as Record<string, string>
  for (const [key, [file, executable]] of Object.entries(INSTALLED[name]) as [string, readonly [string, boolean]][]) {
    const absolute = path.join(peerDir(name), file)
    try {
      fs.accessSync(absolute, executable ? fs.constants.X_OK : fs.constants.R_OK)
    } catch {
      throw new PeerNotBuiltError(name, `${path.relative(ROOT, absolute)} is missing`)
    }
    files[key] = absolute
  }
  return files as Record<keyof (typeof INSTALLED)[N], string>
}

/** Starts a peer gateway on the given port and subgraphs, and resolves once it answers GraphQL. */
export async function startPeer(name: PeerName, options: PeerOptions): Promise<RunningPeer> {
  const runDir = path.join(peerDir(name), `run-${options.port}`)
  const prepare = { 'hive-router': prepareHiveRouter, 'hive-gateway': prepareHiveGateway, 'cosmo-router': prepareCosmo }
  const prepareRun = prepare[name]
  if (!prepareRun) throw new Error(`Unknown peer "${String(name)}" (known: ${PEER_NAMES.join(', ')})`)
  installedFiles(name)
  const sdl = fs.readFileSync(options.supergraphPath, 'utf8')
  const subgraphs = subgraphsOf(sdl, options.subgraphUrls)
  fs.rmSync(runDir, { recursive: true, force: true })
  fs.mkdirSync(runDir, { recursive: true })
  const launch = await prepareRun({ ...options, sdl, subgraphs, runDir })
  const url = `http://127.0.0.1:${options.port}/graphql`
  const child = spawnPeer(launch, runDir)
  try {
    await waitForGraphql(name, child, url, path.join(runDir, 'output.log'))
  } catch (error) {
    await stopChild(child)
    throw error
  }
  return { name, url, pid: child.pid!, runDir, stop: () => stopChild(child) }
}

interface RunSetup extends PeerOptions {
  sdl: string
  /** Subgraph name → URL, checked against the supergraph's subgraphs. */
  subgraphs: Record<string, string>
  runDir: string
}

/**
 * The supergraph's subgraphs (its @join__graph names) with their URLs from `subgraphUrls`: every
 * one must have a URL (a peer left on the SDL's default ports would measure whatever listens
 * there), and no URL may name a subgraph the supergraph lacks.
 */
function subgraphsOf(sdl: string, subgraphUrls: Record<string, string>): Record<string, string> {
  const names = [...sdl.matchAll(/@join__graph\(\s*name:\s*"([^"]+)"/g)].map((m) => m[1]!)
  if (names.length === 0) throw new Error('The supergraph SDL declares no subgraph (@join__graph)')
  const missing = names.filter((n) => !subgraphUrls[n])
  const unknown = Object.keys(subgraphUrls).filter((n) => !names.includes(n))
  if (missing.length) throw new Error(`No URL given for subgraph(s) ${missing.join(', ')}`)
  if (unknown.length) throw new Error(`URL given for subgraph(s) the supergraph lacks: ${unknown.join(', ')}`)
  return Object.fromEntries(names.map((n) => [n, subgraphUrls[n]!]))
}

function readTemplate(file: string): Record<string, unknown> {
  return parseYaml(fs.readFileSync(path.join(SCRIPTS, file), 'utf8')) as Record<string, unknown>
}

function objectAt(config: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = config[key]
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  const created: Record<string, unknown> = {}
  config[key] = created
  return created
}

/**
 * A small environment: the peers take settings from variables (PORT, HOST, LOG_LEVEL, tokens...)
 * over their config files, and the benchmark's own variables must not leak into them.
 */
function peerEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TMPDIR: process.env.TMPDIR, ...extra }
}

// Hive Router: its YAML config (ROUTER_CONFIG_FILE_PATH) reads our supergraph SDL as is; the
// subgraph URLs are overridden per subgraph, and header rules are per subgraph too.
function prepareHiveRouter(setup: RunSetup): PeerLaunch {
  const { bin } = installedFiles('hive-router')
  const config = readTemplate('hive-router.config.yaml')
  objectAt(config, 'http').port = setup.port
  objectAt(config, 'supergraph').path = path.resolve(setup.supergraphPath)
  config.override_subgraph_urls = {
    subgraphs: Object.fromEntries(Object.entries(setup.subgraphs).map(([name, url]) => [name, { url }])),
  }
  objectAt(config, 'headers').subgraphs = Object.fromEntries(
    Object.keys(setup.subgraphs).map((name) => [
      name,
      { request: [{ propagate: { named: assertionHeaderFor(name), rename: ASSERTION_HEADER } }] },
    ]),
  )
  if (!benchSettings.peerDedupe) {
    const trafficShaping = objectAt(config, 'traffic_shaping')
    objectAt(trafficShaping, 'all').dedupe_enabled = false
    objectAt(objectAt(trafficShaping, 'router'), 'dedupe').enabled = false
  }
  const configPath = path.join(setup.runDir, 'router.config.yaml')
  fs.writeFileSync(configPath, stringifyYaml(config))
  return { command: bin, args: [], env: peerEnv({ ROUTER_CONFIG_FILE_PATH: configPath }) }
}

// Hive Gateway: a copy of the supergraph with the run's URLs in @join__graph, served with the
// Rust query planner; the header renaming is in the config module (scripts/peers/hive-gateway.config.mjs).
function prepareHiveGateway(setup: RunSetup): PeerLaunch {
  const { bin } = installedFiles('hive-gateway')
  const sdlPath = path.join(setup.runDir, 'supergraph.graphql')
  fs.writeFileSync(sdlPath, withSubgraphUrls(setup.sdl, setup.subgraphs))
  const configPath = path.join(setup.runDir, 'gateway.config.mjs')
  fs.copyFileSync(path.join(SCRIPTS, 'hive-gateway.config.mjs'), configPath)
  return {
    command: process.execPath,
    args: [bin, 'supergraph', sdlPath, '--port', String(setup.port), '--host', '127.0.0.1'].concat([
      '--config-path',
      configPath,
      '--fork',
      '1',
    ]),
    // Read by the config module: its upstream request deduplication (on unless switched off).
    env: peerEnv({ NODE_ENV: 'production', PEER_DEDUPE: benchSettings.peerDedupe ? 'on' : 'off' }),
  }
}

/** The SDL with each @join__graph url replaced by the given subgraph URL. */
function withSubgraphUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(
    /(@join__graph\(\s*name:\s*"([^"]+)"\s*,\s*url:\s*")[^"]*(")/g,
    (_match, head: string, name: string, tail: string) => `${head}${urls[name]}${tail}`,
  )
}

const execFileAsync = promisify(execFile)

// Cosmo Router: an execution config composed by `wgc router compose` from our subgraph SDLs with
// the run's routing URLs (cached by content), and its YAML config with per-subgraph header rules.
async function prepareCosmo(setup: RunSetup): Promise<PeerLaunch> {
  const { bin, wgc } = installedFiles('cosmo-router')
  const graph = {
    version: 1,
    subgraphs: Object.entries(setup.subgraphs).map(([name, url]) => ({
      name,
      routing_url: url,
      schema: { file: path.join(ROOT, 'subgraphs', name, 'schema.graphql') },
    })),
  }
  const graphYaml = stringifyYaml(graph)
  const inputPath = path.join(setup.runDir, 'graph.yaml')
  fs.writeFileSync(inputPath, graphYaml)
  const hash = crypto.createHash('sha256').update(graphYaml)
  for (const subgraph of graph.subgraphs) hash.update(fs.readFileSync(subgraph.schema.file))
  const composed = path.join(peerDir('cosmo-router'), 'composed', `${hash.digest('hex').slice(0, 16)}.json`)
  if (!fs.existsSync(composed)) {
    fs.mkdirSync(path.dirname(composed), { recursive: true })
    try {
      await execFileAsync(wgc, ['router', 'compose', '-i', inputPath, '-o', `${composed}.partial`], {
        cwd: setup.runDir,
        // No telemetry, and no update check against the npm registry.
        env: peerEnv({ COSMO_TELEMETRY_DISABLED: 'true', DO_NOT_TRACK: '1', DISABLE_UPDATE_CHECK: 'true' }),
      })
    } catch (error) {
      const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
      throw new Error(`wgc router compose failed for ${inputPath}:\n${stdout}${stderr}`, { cause: error })
    }
    fs.renameSync(`${composed}.partial`, composed)
  }
  const config = readTemplate('cosmo-router.config.yaml')
  config.listen_addr = `127.0.0.1:${setup.port}`
  objectAt(objectAt(config, 'execution_config'), 'file').path = composed
  objectAt(config, 'headers').subgraphs = Object.fromEntries(
    Object.keys(setup.subgraphs).map((name) => [
      name,
      { request: [{ op: 'propagate', named: assertionHeaderFor(name), rename: ASSERTION_HEADER }] },
    ]),
  )
  if (!benchSettings.peerDedupe)
    Object.assign(objectAt(config, 'engine'), {
      enable_single_flight: false,
      enable_inbound_request_deduplication: false,
    })
  const configPath = path.join(setup.runDir, 'config.yaml')
  fs.writeFileSync(configPath, stringifyYaml(config))
  return {
    command: bin,
    args: ['-config', configPath],
    env: peerEnv({ COSMO_TELEMETRY_DISABLED: 'true', DO_NOT_TRACK: '1' }),
  }
}
