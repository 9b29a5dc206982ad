import { execFileSync } from 'node:child_process'
import path from 'node:path'

/**
 * The address of a local test service: the value already configured, or what the service's
 * script prints last after making sure the service runs (postgres.sh, kafka.sh).
 */
export function localService(configured: string | undefined, script: 'postgres.sh' | 'kafka.sh'): string {
  if (configured) return configured
  const output = execFileSync('bash', [path.join(__dirname, script)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  return output.trim().split('\n').pop()!
}
