import fs from 'node:fs'
import path from 'node:path'
import util from 'node:util'
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils'
import type * as GlueModule from '@prisma/schema-engine-wasm/schema_engine_bg'

/**
 * Loads Prisma's schema engine compiled to WebAssembly. The CLI's native engine is a binary
 * downloaded from Prisma's host, which our offline machines cannot reach; the Wasm build is the
 * same Rust code, published on npm. The .wasm bundled with the `prisma` CLI package matches the
 * CLI's engine commit; the glue JS comes from @prisma/schema-engine-wasm (same import ABI).
 */
type Glue = typeof GlueModule
export type SchemaEngine = Awaited<ReturnType<Glue['SchemaEngine']['new']>>

let loaded: Promise<Glue> | undefined

// Node has WebAssembly as a global; our lib settings (no DOM) do not declare it.
const { WebAssembly: wasm } = globalThis as unknown as {
  WebAssembly: {
    Module: new (bytes: Buffer) => object
    Instance: new (module: object, imports: object) => { exports: object }
  }
}

function wasmFile(): string {
  const bundled = path.join(path.dirname(require.resolve('prisma/package.json')), 'build', 'schema_engine_bg.wasm')
  if (fs.existsSync(bundled)) return bundled
  return path.join(
    path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')),
    'schema_engine_bg.wasm',
  )
}

function loadGlue(): Promise<Glue> {
  loaded ??= (async () => {
    const glue: Glue = await import('@prisma/schema-engine-wasm/schema_engine_bg')
    const instance = new wasm.Instance(new wasm.Module(fs.readFileSync(wasmFile())), { './schema_engine_bg.js': glue })
    const exports = instance.exports as Record<string, unknown> & { __wbindgen_start: () => void }
    glue.__wbg_set_wasm(exports)
    exports.__wbindgen_start()
    return glue
  })()
  return loaded
}

export async function createSchemaEngine(
  adapterFactory: SqlMigrationAwareDriverAdapterFactory,
  schemaFile: string,
): Promise<SchemaEngine> {
  const glue = await loadGlue()
  const bound = bindMigrationAwareSqlAdapterFactory(adapterFactory)
  const engine = await glue.SchemaEngine.new(
    { datamodels: [[schemaFile, fs.readFileSync(schemaFile, 'utf8')]] },
    () => {},
    bound,
  )
  // Driver failures surface from Wasm as "External error id#N"; the real error sits in the registry.
  const explain = (error: unknown) => {
    const match = /External error id#(\d+)/.exec((error as Error)?.message ?? '')
    const record = match ? bound.errorRegistry.consumeError(Number(match[1])) : undefined
    if (record) (error as Error).message += `\nDriver adapter error: ${util.inspect(record.error, { depth: 4 })}`
    return error
  }
  return new Proxy(engine, {
    get(target, prop) {
      const value = Reflect.get(target, prop) as unknown
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        const result = (value as (...a: unknown[]) => unknown).apply(target, args)
        return result instanceof Promise ? result.catch((e) => Promise.reject(explain(e))) : result
      }
    },
  })
}

export const schemaFiles = (schemaFile: string) => ({
  files: [{ path: schemaFile, content: fs.readFileSync(schemaFile, 'utf8') }],
})
