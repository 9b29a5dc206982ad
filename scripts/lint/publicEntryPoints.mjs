// ESLint rule: a package is imported only through the entry points it publishes. A subpath is
// public when the package's `exports` map declares it; a package without an `exports` map
// publishes its main entry only, so `@apollo/gateway/dist/...` or `graphql/execution/values` is
// reaching into its files. Where no public seam exists, the one adapter that needs the internal
// says so with an eslint-disable comment naming this rule and the test that pins the internal.
import fs from 'node:fs'
import path from 'node:path'

const packageName = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')

function declaredSubpaths(root, name, cache) {
  if (!cache.has(name)) {
    const file = path.join(root, 'node_modules', name, 'package.json')
    const exports = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).exports : undefined
    const keys =
      exports && typeof exports === 'object' && Object.keys(exports).some((k) => k.startsWith('.'))
        ? Object.keys(exports)
        : ['.']
    cache.set(name, keys)
  }
  return cache.get(name)
}

const isDeclared = (subpath, keys) =>
  keys.some(
    (key) =>
      key === subpath ||
      (key.includes('*') &&
        new RegExp(
          `^${key
            .split('*')
            .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
            .join('.*')}$`,
        ).test(subpath)),
  )

export function publicEntryPointsRule(root) {
  const cache = new Map()
  return {
    meta: {
      type: 'problem',
      messages: {
        internal: '"{{specifier}}" is not an entry point {{name}} publishes ({{entries}}): use its public API.',
      },
      schema: [],
    },
    create(context) {
      const check = (node) => {
        const specifier = node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined
        if (!specifier || specifier.startsWith('.') || specifier.startsWith('node:') || path.isAbsolute(specifier))
          return
        const name = packageName(specifier)
        if (specifier === name) return
        const keys = declaredSubpaths(root, name, cache)
        if (isDeclared(`./${specifier.slice(name.length + 1)}`, keys)) return
        context.report({ node, messageId: 'internal', data: { specifier, name, entries: keys.join(', ') } })
      }
      return {
        ImportDeclaration: (node) => check(node.source),
        ExportNamedDeclaration: (node) => check(node.source),
        ExportAllDeclaration: (node) => check(node.source),
        ImportExpression: (node) => check(node.source),
        TSImportType: (node) => check(node.argument?.literal ?? node.argument),
      }
    },
  }
}
