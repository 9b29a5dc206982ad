import crypto from 'node:crypto'
import path from 'node:path'
import { z } from 'zod'
import type { SubgraphConfig } from '../../subgraph-runtime/config'

/** The exports context's settings, from the environment. */
const exportEnvSchema = z.object({
  /** Where jobs read the study: the gateway's GraphQL endpoint (they read like any client). */
  EXPORT_GATEWAY_URL: z.url().default('http://127.0.0.1:4000/graphql'),
  /** Where completed files are kept; default: DATA_DIR/export-files (DATA_DIR defaults to .data). */
  EXPORT_STORAGE_DIR: z.string().min(1).optional(),
  /** The key of de-identified exports' pseudonyms; required in production (it must outlive the process). */
  EXPORT_PSEUDONYM_SECRET: z.string().min(32).optional(),
  /** Jobs this process runs at once. */
  EXPORT_WORKERS: z.coerce.number().int().min(0).max(16).default(1),
  /** A running job whose worker has not beaten its heart for this long is run again by another. */
  EXPORT_STALE_AFTER_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
  DATA_DIR: z.string().optional(),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
})

export const EXPORT_ENV_VARIABLES = Object.keys(exportEnvSchema.shape).filter(
  (k) => k !== 'NODE_ENV' && k !== 'DATA_DIR',
)

export interface ExportSettings {
  gatewayUrl: string
  storageDir: string
  pseudonymSecret: string
  workers: number
  staleAfterMs: number
  /** Where the users context issues the jobs' read credentials (its base URL). */
  usersUrl: string
  /** Key of the download links' HMAC (derived from SUBGRAPH_AUTH_SECRET: no secret more to deploy). */
  linkKey: Buffer
  /** Set when the pseudonym secret was derived for development: the log says so. */
  pseudonymSecretDerived: boolean
}

const derive = (secret: string, purpose: string) =>
  Buffer.from(crypto.hkdfSync('sha256', secret, 'trial-supergraph-exports', purpose, 32))

export function loadExportSettings(config: SubgraphConfig, env: NodeJS.ProcessEnv = process.env): ExportSettings {
  const parsed = exportEnvSchema.safeParse(env)
  if (!parsed.success) throw new Error(`Invalid exports configuration: ${z.prettifyError(parsed.error)}`)
  const e = parsed.data
  if (e.NODE_ENV === 'production' && !e.EXPORT_PSEUDONYM_SECRET)
    throw new Error(
      "EXPORT_PSEUDONYM_SECRET (≥ 32 characters) is required in production: it keys de-identified exports' pseudonyms, which must stay stable per recipient.",
    )
  return {
    gatewayUrl: e.EXPORT_GATEWAY_URL,
    // Beside the embedded databases (DATA_DIR/<subgraph>), not in exports' own.
    storageDir: path.resolve(e.EXPORT_STORAGE_DIR ?? path.join(e.DATA_DIR || '.data', 'export-files')),
    pseudonymSecret: e.EXPORT_PSEUDONYM_SECRET ?? derive(config.authSecret, 'pseudonyms').toString('hex'),
    pseudonymSecretDerived: !e.EXPORT_PSEUDONYM_SECRET,
    workers: e.EXPORT_WORKERS,
    staleAfterMs: e.EXPORT_STALE_AFTER_MS,
    usersUrl: config.eventFeedUrls?.users ?? 'http://127.0.0.1:4001',
    linkKey: derive(config.authSecret, 'download-links'),
  }
}
