import path from 'node:path'
import { defineConfig } from 'prisma/config'

// Offline machines cannot download the native schema engine; generate/validate only need one to
// exist. Migrations are created and applied by our Wasm-based tools (see prisma/tools/).
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(__dirname, 'tools/no-native-schema-engine.mjs')
process.env.CHECKPOINT_DISABLE ??= '1'

/** A context's Prisma config: its schema and migrations in prisma/<name>/ (`dir`). */
export const subgraphPrismaConfig = (dir: string) =>
  defineConfig({
    schema: path.join(dir, 'schema.prisma'),
    migrations: { path: path.join(dir, 'migrations') },
  })
