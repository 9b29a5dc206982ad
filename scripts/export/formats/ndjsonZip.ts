import type { Exporter } from './exportModel'
import { writeDatasetArchive, type RowEncoding } from './datasetArchive'

const ndjson: RowEncoding = {
  extension: 'ndjson',
  // Each line names its fields: no header line.
  header: () => '',
  row: (columns, cells) => `${JSON.stringify(Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? null])))}\n`,
}

/** JSON: a zip of one NDJSON file per dataset (a file per form) and the data dictionary. */
export const ndjsonZip: Exporter = {
  format: 'json',
  extension: 'zip',
  mediaType: 'application/zip',
  write: (header, study, subjects, out) => writeDatasetArchive(ndjson, header, study, subjects, out),
}
