import type { Exporter } from './exportModel'
import { writeDatasetArchive, type RowEncoding } from './datasetArchive'

// Each dataset's keys encoded once ("NAME":), not once per row.
const keysOf = new WeakMap<readonly string[], string[]>()
function keys(columns: readonly string[]): string[] {
  let encoded = keysOf.get(columns)
  if (!encoded) keysOf.set(columns, (encoded = columns.map((c) => `${JSON.stringify(c)}:`)))
  return encoded
}

const ndjson: RowEncoding = {
  extension: 'ndjson',
  // Each line names its fields: no header line.
  header: () => '',
  rows(columns, rows) {
    const k = keys(columns)
    let out = ''
    for (const cells of rows) out += `{${k.map((key, i) => key + JSON.stringify(cells[i] ?? null)).join(',')}}\n`
    return out
  },
}

/** JSON: a zip of one NDJSON file per dataset (a file per form) and the data dictionary. */
export const ndjsonZip: Exporter = {
  format: 'json',
  extension: 'zip',
  mediaType: 'application/zip',
  write: (header, study, subjects, out) => writeDatasetArchive(ndjson, header, study, subjects, out),
}
