import { execFileSync } from 'node:child_process'
import path from 'node:path'

/**
 * The address of a local test service: the value already configured, or what the service's
 * script prints last after making sure the service runs (kafka.sh) or is installed (chromium.sh).
 */
export function localService(configured: string | undefined, script: 'kafka.sh' | 'chromium.sh'): string {
  if (configured) return configured
  return runScript(script).trim().split('\n').pop()!
}

/** The test Postgres's two roles: the owner (migrations, set-up) and the service role the servers run as. */
export interface LocalPostgres {
  ownerUrl: string
  serviceUrl: string
}

/**
 * Both URLs when both are configured; otherwise the local server postgres.sh makes sure of, with
 * the URLs it prints (TEST_DATABASE_URL=…, TEST_SERVICE_DATABASE_URL=…). One without the other is
 * a mistake: the servers would run as the owner, or against another server than the tests' set-up.
 */
export function localPostgres(
  configured: { ownerUrl?: string; serviceUrl?: string },
  names: [string, string],
): LocalPostgres {
  const { ownerUrl, serviceUrl } = configured
  if (ownerUrl && serviceUrl) return { ownerUrl, serviceUrl }
  if (ownerUrl || serviceUrl)
    throw new Error(
      `Set both ${names[0]} (the owner) and ${names[1]} (the service role, which owns nothing), or neither to use the local Postgres (scripts/services/postgres.sh).`,
    )
  const printed = new Map(
    runScript('postgres.sh')
      .split('\n')
      .map((line) => line.match(/^(TEST_(?:SERVICE_)?DATABASE_URL)=(.+)$/))
      .filter((m): m is RegExpMatchArray => m !== null)
      .map((m) => [m[1]!, m[2]!]),
  )
  const owner = printed.get('TEST_DATABASE_URL')
  const service = printed.get('TEST_SERVICE_DATABASE_URL')
  if (!owner || !service)
    throw new Error('scripts/services/postgres.sh printed no TEST_DATABASE_URL or TEST_SERVICE_DATABASE_URL')
  return { ownerUrl: owner, serviceUrl: service }
}

function runScript(script: 'postgres.sh' | 'kafka.sh' | 'chromium.sh'): string {
  return execFileSync('bash', [path.join(__dirname, script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
}
