import { stringify } from 'csv-stringify/sync'
import type { Exporter } from './exportModel'
import { writeDatasetArchive, type RowEncoding } from './datasetArchive'

// RFC 4180 CSV (quoted where needed, CRLF), empty cell for a missing value.
const line = (cells: readonly unknown[]) =>
  stringify([cells.map((c) => (c === null || c === undefined ? '' : c))], {
    record_delimiter: 'windows',
    cast: { boolean: (b) => (b ? 'true' : 'false') },
  })

const csv: RowEncoding = {
  extension: 'csv',
  header: (columns) => line(columns),
  row: (_columns, cells) => line(cells),
}

/** CSV: a zip of one file per dataset (a file per form) and the data dictionary. */
export const csvZip: Exporter = {
  format: 'csv',
  extension: 'zip',
  mediaType: 'application/zip',
  write: (header, study, subjects, out) => writeDatasetArchive(csv, header, study, subjects, out),
}
