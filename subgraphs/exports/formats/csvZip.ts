import { stringify } from 'csv-stringify/sync'
import type { Exporter } from './exportModel'
import { writeDatasetArchive, type RowEncoding } from './datasetArchive'

// RFC 4180 CSV (quoted where needed, CRLF), empty cell for a missing value.
const lines = (rows: readonly (readonly unknown[])[]) =>
  stringify(
    rows.map((cells) => cells.map((c) => (c === null || c === undefined ? '' : c))),
    { record_delimiter: 'windows', cast: { boolean: (b) => (b ? 'true' : 'false') } },
  )

const csv: RowEncoding = {
  extension: 'csv',
  header: (columns) => lines([columns]),
  rows: (_columns, rows) => lines(rows),
}

/** CSV: a zip of one file per dataset (a file per form) and the data dictionary. */
export const csvZip: Exporter = {
  format: 'csv',
  extension: 'zip',
  mediaType: 'application/zip',
  write: (header, study, subjects, out) => writeDatasetArchive(csv, header, study, subjects, out),
}
