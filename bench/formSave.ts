import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { pgConnectionConfig, resolveDatabaseTarget } from '../subgraph-runtime/database/target'
import { assertionKey, GATEWAY_ASSERTION_HEADER, signGatewayAssertion } from '../contracts/gatewayAssertion'
import { signInForBench, startBenchSupergraph, startExtraGateway, type BenchSupergraph } from './lib/benchEnvironment'
import { benchSettings } from './lib/benchSettings'
import { applyAnswer, FORM_OID, saveBody, VALUES_PER_SAVE, type FormSaveSession, type SavedForm } from './lib/formSaves'
import { checkStored } from './lib/formSaveCheck'
import type { LoadSpec } from './lib/loadSpec'
import { measureTarget, type TargetResult } from './lib/measureTarget'
import { FLOOR, OURS, STOCK } from './lib/queryScenario'
import { printTargets, ratiosTo, writeResults } from './lib/report'
import { sqlBetween, sqlSnapshot, type SqlPerRequest } from './lib/sqlPerRequest'
import { crcAt } from '../test/support/demoAccounts'

/**
 * npm run bench:form-save — a CRC saving 30 values of one Concomitant Medications form (the
 * screening question and four rows of its repeating group), straight to the edc subgraph (the
 * floor: the load generator plays the gateway), through stock @apollo/gateway and through ours.
 * Every save names the version it read: each client saves forms of its own (F.CM forms of one
 * site, not started or in progress), keeping each form's version from the last answer, so no
 * save conflicts. Every form gets one first save before the load (30 new values; its statements
 * are counted apart), so each measured save changes 30 stored values. Afterwards nothing may be
 * lost: each form's version, its 30 values, its audit entries and its one edit-check query must
 * match the saves acknowledged.
 */
const BASE_PORT = 24400
const SCENARIO = 'form-save'
const { connections, warmupSeconds, durationSeconds } = benchSettings

async function main() {
  console.log(`${SCENARIO}: starting the supergraph on Postgres and Kafka (a copy of the seeded demo dataset)...`)
  const bench = await startBenchSupergraph(BASE_PORT)
  const edc = new pg.Client(
    pgConnectionConfig(resolveDatabaseTarget('edc', { subgraphUrl: bench.databaseUrl('edc') }) as never),
  )
  let stock: { stop(): Promise<void> } | undefined
  try {
    await edc.connect()
    const { siteId, crcEmail, forms } = await formsToSave(edc)
    if (forms.length < connections)
      throw new Error(`${forms.length} ${FORM_OID} forms to save at one site, fewer than ${connections} connections`)
    const gatewayUrl = `http://127.0.0.1:${BASE_PORT}/graphql`
    const crc = await signInForBench(gatewayUrl, crcEmail)
    const secret = bench.processes.authSecret
    const edcUrl = bench.subgraphUrls.EDC_SUBGRAPH_URL!
    const floorHeaders = async () => ({
      [GATEWAY_ASSERTION_HEADER]: await signGatewayAssertion(assertionKey(secret), 'edc', crc.identity),
    })
    const initialVersion = new Map(forms.map((f) => [f.formId, f.version]))
    const acknowledged = new Map(forms.map((f) => [f.formId, 0]))
    const acknowledge = (formId: string, n = 1) => acknowledged.set(formId, acknowledged.get(formId)! + n)

    console.log(
      `${forms.length} ${FORM_OID} forms of site ${siteId} (CRC ${crcEmail}), ${VALUES_PER_SAVE} values a save`,
    )
    const firstSaves = await firstSaveOfEach(bench, forms, edcUrl, floorHeaders)
    for (const form of forms) acknowledge(form.formId)
    const auditCut = String((await edc.query(`SELECT coalesce(max(sequence), 0) AS s FROM audit_event`)).rows[0].s)

    const stockGateway = await startExtraGateway('stock-gateway', 'bench/stockGateway.ts', BASE_PORT + 10, {
      ...bench.subgraphUrls,
      SUBGRAPH_AUTH_SECRET: secret,
      BENCH_IDENTITY: JSON.stringify(crc.identity),
    })
    stock = stockGateway
    const processes = { 'stock-gateway': stockGateway.child.pid! }
    const targets = [
      { name: FLOOR, url: edcUrl, subgraph: 'edc', assertion: { secret, identity: crc.identity } },
      { name: STOCK, url: `http://127.0.0.1:${BASE_PORT + 10}/`, gateway: 'stock-gateway' },
      { name: OURS, url: gatewayUrl, gateway: 'gateway', headers: { authorization: crc.authorization } },
    ].filter((t) => benchSettings.targets.length === 0 || benchSettings.targets.some((name) => t.name.includes(name)))
    console.log(
      `${targets.length} targets, each: ${connections} connections (each with its own forms), ${warmupSeconds} s warm-up, ${durationSeconds} s measured`,
    )
    const stateFile = path.join(os.tmpdir(), `form-save-states-${process.pid}.json`)
    const results: TargetResult[] = []
    let conflicts = 0
    for (const target of targets) {
      const headers = target.subgraph ? await floorHeaders() : (target.headers ?? {})
      // A target that refuses the save would be measured doing less work: refuse to load it.
      const probe = forms[0]!
      probe.version = await versionOf(edc, probe.formId)
      await expectAcknowledged(target.name, target.url, headers, probe)
      acknowledge(probe.formId)
      const states = await sessionsFor(edc, forms)
      const spec: LoadSpec = {
        connections,
        warmupSeconds,
        durationSeconds,
        sessions: {
          driver: 'formSave',
          url: target.url,
          subgraph: target.subgraph,
          headers: target.headers,
          states,
          stateFile,
        },
        assertion: target.assertion,
      }
      results.push(
        await measureTarget(
          SCENARIO,
          bench,
          { name: target.name, gateway: target.gateway, sql: 'window', spec },
          processes,
        ),
      )
      for (const session of JSON.parse(fs.readFileSync(stateFile, 'utf8')) as FormSaveSession[])
        for (const form of session.forms) {
          acknowledge(form.formId, form.acknowledged)
          conflicts += form.conflicts
        }
    }
    fs.rmSync(stateFile, { force: true })
    console.log('checking what was stored against the saves acknowledged...')
    const stored = await checkStored(edc, forms, initialVersion, acknowledged, auditCut, conflicts)
    printTargets(results)
    printPerSave(firstSaves, results)
    const ratios = ratiosTo(results, { floor: FLOOR, stock: STOCK })
    console.log('every acknowledged save stored, once? (lost and duplicated must be 0)')
    console.table(stored)
    writeResults(SCENARIO, {
      settings: { ...benchSettings, formOid: FORM_OID, siteId, forms: forms.length, valuesPerSave: VALUES_PER_SAVE },
      firstSaveSql: firstSaves,
      results,
      ratios,
      stored,
    })
  } finally {
    await stock?.stop()
    await edc.end().catch(() => {})
    await bench.stop()
  }
}

/**
 * The F.CM forms not started or in progress of the site that has most of them (and a CRC to sign
 * in), with their versions: the forms the clients share out.
 */
async function formsToSave(edc: pg.Client): Promise<{ siteId: string; crcEmail: string; forms: SavedForm[] }> {
  const { rows: sites } = await edc.query<{ site_id: string }>(
    `SELECT site_id FROM form_data WHERE form_oid = $1 AND status IN ('NOT_STARTED', 'IN_PROGRESS')
     GROUP BY site_id ORDER BY count(*) DESC, site_id`,
    [FORM_OID],
  )
  for (const { site_id: siteId } of sites) {
    let crcEmail: string
    try {
      crcEmail = crcAt(siteId)
    } catch {
      continue // no CRC at this site in the demo data
    }
    const { rows } = await edc.query<{ id: string; visit_id: string; version: number }>(
      `SELECT id, visit_id, version FROM form_data
       WHERE site_id = $1 AND form_oid = $2 AND status IN ('NOT_STARTED', 'IN_PROGRESS') ORDER BY id`,
      [siteId, FORM_OID],
    )
    const forms = rows.map((r) => ({
      formId: r.id,
      visitId: r.visit_id,
      version: r.version,
      acknowledged: 0,
      conflicts: 0,
    }))
    return { siteId, crcEmail, forms }
  }
  throw new Error(`no site with ${FORM_OID} forms to save and a CRC`)
}

async function versionOf(edc: pg.Client, formId: string): Promise<number> {
  return (await edc.query<{ version: number }>(`SELECT version FROM form_data WHERE id = $1`, [formId])).rows[0]!
    .version
}

/** The forms dealt out to the clients (client i: forms i, i + n, ...) at their stored versions. */
async function sessionsFor(edc: pg.Client, forms: readonly SavedForm[]): Promise<FormSaveSession[]> {
  const { rows } = await edc.query<{ id: string; version: number }>(
    `SELECT id, version FROM form_data WHERE id = ANY($1::uuid[])`,
    [forms.map((f) => f.formId)],
  )
  const version = new Map(rows.map((r) => [r.id, r.version]))
  return Array.from({ length: connections }, (_, i) => ({
    forms: forms
      .filter((_, j) => j % connections === i)
      .map((f) => ({ ...f, version: version.get(f.formId)!, acknowledged: 0, conflicts: 0 })),
    next: 0,
  }))
}

async function expectAcknowledged(name: string, url: string, headers: Record<string, string>, form: SavedForm) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: saveBody(form),
  })
  const body = await response.text()
  if (!applyAnswer(form, body)) throw new Error(`${name} did not acknowledge a save: ${body.slice(0, 500)}`)
}

/**
 * Each form's first save (30 new values), straight to edc, a few at a time, before any target is
 * loaded: the measured saves then all change 30 stored values. Its statements per save are
 * counted here, apart.
 */
async function firstSaveOfEach(
  bench: BenchSupergraph,
  forms: SavedForm[],
  edcUrl: string,
  floorHeaders: () => Promise<Record<string, string>>,
): Promise<SqlPerRequest> {
  const before = sqlSnapshot(bench)
  let next = 0
  let done = 0
  const progress = () => {
    const line = `first saves, straight to edc: ${done}/${forms.length}`
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === forms.length ? '\n' : ''}`)
    else if (done % 100 === 0 || done === forms.length) console.log(line)
  }
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < forms.length) {
        const form = forms[next++]!
        await expectAcknowledged('edc (first save)', edcUrl, await floorHeaders(), { ...form })
        done += 1
        progress()
      }
    }),
  )
  // The relay counts what it has forwarded; give the last answers' statements time to be read.
  await new Promise((resolve) => setTimeout(resolve, 200))
  return sqlBetween(
    before,
    sqlSnapshot(bench),
    forms.length,
    'first save of each form (30 new values), before the load',
  )
}

/**
 * Per save: CPU of the target's gateway and of edc alone (the other subgraphs only run their
 * background work), and edc's SQL statements by kind — the first saves, then each target's
 * measured ones.
 */
function printPerSave(firstSaves: SqlPerRequest, results: TargetResult[]) {
  const f = (n: number | null | undefined, digits: number) => (typeof n === 'number' ? n.toFixed(digits) : '—')
  const statements = (sql: SqlPerRequest) => {
    const edcSql = sql.perSubgraph.edc!
    return {
      'edc statements': f(edcSql.total, 2),
      ...Object.fromEntries(Object.entries(edcSql.byKind).map(([kind, n]) => [kind, f(n, 2)])),
    }
  }
  console.log('per save: CPU ms and edc SQL statements (by kind)')
  console.table({
    'first save (30 new values)': { 'gateway CPU ms': '—', 'edc CPU ms': '—', ...statements(firstSaves) },
    ...Object.fromEntries(
      results.map((r) => [
        `${r.name} (30 changed values)`,
        {
          'gateway CPU ms': f(r.gatewayCpuMsPerRequest, 3),
          'edc CPU ms': f(r.cpuMsPerRequest.edc, 3),
          ...statements(r.sql),
        },
      ]),
    ),
  })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
