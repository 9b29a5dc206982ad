import path from 'node:path'
import { pgConnectionConfig, resolveDatabaseTarget } from '../target'

describe('resolveDatabaseTarget', () => {
  it('defaults to an embedded PGlite folder per subgraph', () => {
    expect(resolveDatabaseTarget('labs', {})).toEqual({ kind: 'pglite', dataDir: path.resolve('.data', 'labs') })
  })

  it('puts each subgraph in its own schema of a shared server', () => {
    const target = resolveDatabaseTarget('epro', { sharedUrl: 'postgresql://u:p@db:5432/trial' })
    expect(target).toMatchObject({ kind: 'postgres', schema: 'epro', statementTimeoutMs: 30_000 })
  })

  it('lets a per-subgraph URL (with ?schema=) win over the shared one', () => {
    const target = resolveDatabaseTarget('epro', {
      sharedUrl: 'postgresql://u:p@db/trial',
      subgraphUrl: 'postgres://x:y@other/ep?schema=epro_v2',
    })
    expect(target).toMatchObject({ kind: 'postgres', url: 'postgres://x:y@other/ep?schema=epro_v2', schema: 'epro_v2' })
  })

  it("migrates as the owner's URL, a per-subgraph one winning over the shared one, in the service's schema", () => {
    const service = 'postgresql://svc:p@db/trial?schema=epro_v2'
    expect(
      resolveDatabaseTarget('epro', {
        subgraphUrl: service,
        sharedMigrationUrl: 'postgresql://owner:o@db/trial',
        subgraphMigrationUrl: 'postgresql://epro_owner:o@db/trial',
      }),
    ).toMatchObject({ url: service, migrationUrl: 'postgresql://epro_owner:o@db/trial', schema: 'epro_v2' })
    expect(resolveDatabaseTarget('epro', { sharedUrl: service })).not.toHaveProperty('migrationUrl')
  })

  it.each([
    [
      { sharedMigrationUrl: 'postgresql://owner:o@db/trial' },
      /no database URL: set DATABASE_URL \(or EPRO_DATABASE_URL\)/,
    ],
    [{ sharedUrl: 'postgresql://svc@db/t', sharedMigrationUrl: 'mysql://owner@db/t' }, /must start with postgres/],
    [
      { sharedUrl: 'postgresql://svc@db/t?schema=a', sharedMigrationUrl: 'postgresql://owner@db/t?schema=b' },
      /names schema "b", the database URL "a"/,
    ],
  ])('rejects a migration URL that cannot go with the database URL (%p)', (env, message) => {
    expect(() => resolveDatabaseTarget('epro', env)).toThrow(message)
  })

  it.each(['mysql://db/x', 'postgresql://db/x?schema=Bad-Name'])('rejects %p', (url) => {
    expect(() => resolveDatabaseTarget('users', { sharedUrl: url })).toThrow()
  })

  it('sets search_path so raw SQL and migrations stay in the subgraph schema, and bounds every statement', () => {
    const target = resolveDatabaseTarget('users', {
      sharedUrl: 'postgresql://u:p@db:6543/trial',
      statementTimeoutMs: 5000,
    })
    if (target.kind !== 'postgres') throw new Error('expected postgres')
    expect(pgConnectionConfig(target)).toMatchObject({
      host: 'db',
      port: 6543,
      user: 'u',
      password: 'p',
      database: 'trial',
      options: '-c search_path="users" -c statement_timeout=5000',
      application_name: 'users',
    })
  })
})
