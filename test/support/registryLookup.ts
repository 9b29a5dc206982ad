/**
 * A subject registry lookup by patient id, as Prisma words it. Those lookups are cached across
 * requests (subgraph-runtime/database/cachedRows.ts), so whether a request makes one depends on
 * what earlier requests read and on when the cache began to listen: statement counts that must be
 * the same from one request to the next leave them out (subjectCache.pg.test.ts counts them).
 */
const REGISTRY_LOOKUP = /FROM "[^"]+"\."subject" WHERE "[^"]+"\."subject"\."patient_id" IN \(/

export const isRegistryLookup = (query: string) => REGISTRY_LOOKUP.test(query)
