import yazl from 'yazl'
import type { ChunkSink, ExportHeader, StudyMetadata, SubjectRecord, UserMeta } from './exportModel'
import { datasetsOf, subjectRows, type Cell, type Dataset } from './datasetRows'
import { withSpoolDirectory, type SpoolFile } from './spoolFile'

/** How one tabular format writes a row, and the file extension it uses. */
export interface RowEncoding {
  extension: string
  header(columns: readonly string[]): string
  /** Rows of one dataset, each ending in a line break. */
  rows(columns: readonly string[], rows: readonly (readonly Cell[])[]): string
}

/**
 * A zip with one file per dataset and a data dictionary. Each dataset streams to a temporary file
 * as subjects are read (memory stays flat however large the study); the zip is assembled from the
 * files at the end, its bytes handed to `out` as they are compressed.
 */
export async function writeDatasetArchive(
  encoding: RowEncoding,
  header: ExportHeader,
  study: StudyMetadata,
  subjects: AsyncIterable<SubjectRecord>,
  out: ChunkSink,
): Promise<void> {
  const datasets = datasetsOf(header, study)
  const byName = new Map(datasets.map((d) => [d.name, d]))
  await withSpoolDirectory(async (open) => {
    const files = new Map<string, SpoolFile>()
    for (const d of datasets) {
      const file = open(`${d.name}.${encoding.extension}`)
      files.set(d.name, file)
      const names = d.columns.map((c) => c.name)
      const head = encoding.header(names)
      if (head) await file.write(head)
    }
    const columnNames = new Map(datasets.map((d) => [d.name, d.columns.map((c) => c.name)]))
    const people = new Map<string, UserMeta>()
    for await (const subject of subjects) {
      // A subject's rows of each dataset encoded and written together: one call and one write per
      // dataset and subject rather than per row.
      const rows = new Map<string, Cell[][]>()
      for (const [name, cells] of subjectRows(subject, byName)) {
        const list = rows.get(name)
        if (list) list.push(cells)
        else rows.set(name, [cells])
      }
      for (const [name, list] of rows) await files.get(name)!.write(encoding.rows(columnNames.get(name)!, list))
      if (byName.has('people')) for (const p of subject.people) people.set(p.oid, p)
    }
    const peopleFile = files.get('people')
    if (peopleFile) {
      for (const p of [...people.values()].sort((a, b) => a.oid.localeCompare(b.oid))) {
        await peopleFile.write(
          encoding.rows(columnNames.get('people')!, [
            [p.oid, p.displayName, p.givenName, p.familyName, p.email, p.organization],
          ]),
        )
      }
    }
    const dictionary = open(`data_dictionary.${encoding.extension}`)
    await writeDictionary(encoding, datasets, study, dictionary)

    const zip = new yazl.ZipFile()
    for (const [name, file] of [...files, ['data_dictionary', dictionary] as const]) {
      await file.close()
      zip.addFile(file.path, `${name}.${encoding.extension}`)
    }
    zip.end()
    for await (const chunk of zip.outputStream) await out(chunk as Buffer)
  })
}

const DICTIONARY_COLUMNS = ['DATASET', 'COLUMN', 'LABEL', 'TYPE', 'UNIT', 'CODE_LIST', 'CODES'] as const

async function writeDictionary(encoding: RowEncoding, datasets: Dataset[], study: StudyMetadata, file: SpoolFile) {
  const codes = new Map(
    study.codeLists.map((l) => [l.oid, l.items.map((i) => `${i.codedValue}=${i.decode}`).join('; ')]),
  )
  const head = encoding.header(DICTIONARY_COLUMNS)
  if (head) await file.write(head)
  for (const d of datasets) {
    for (const c of d.columns) {
      const cells = [
        d.name,
        c.name,
        c.label,
        c.type,
        c.unit ?? null,
        c.codeListOid ?? null,
        c.codeListOid ? (codes.get(c.codeListOid) ?? null) : null,
      ]
      await file.write(encoding.rows(DICTIONARY_COLUMNS, [cells]))
    }
  }
}
