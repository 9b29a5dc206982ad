import type { Exporter } from './exportModel'
import { csvZip } from './csvZip'
import { fhirR4 } from './fhirR4'
import { ndjsonZip } from './ndjsonZip'
import { odm132 } from './odm132'

/** Every export format by name: a new format is one file and one line here. */
export const EXPORTERS: Record<string, Exporter> = Object.fromEntries(
  [odm132, csvZip, ndjsonZip, fhirR4].map((e) => [e.format, e]),
)
export const FORMAT_NAMES = Object.keys(EXPORTERS)
