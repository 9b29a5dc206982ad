import yauzl from 'yauzl'

/** Every file of a zip (a path or the bytes), decompressed, as text by name. */
export async function zipEntries(zipFile: string | Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => {
    const done = (error: Error | null, opened?: yauzl.ZipFile) => (error || !opened ? reject(error) : resolve(opened))
    if (typeof zipFile === 'string') yauzl.open(zipFile, { lazyEntries: true }, done)
    else yauzl.fromBuffer(zipFile, { lazyEntries: true }, done)
  })
  const files = new Map<string, string>()
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) =>
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error ?? new Error(`cannot read ${entry.fileName}`))
        const chunks: Buffer[] = []
        stream.on('data', (c: Buffer) => chunks.push(c))
        stream.on('error', reject)
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'))
          zip.readEntry()
        })
      }),
    )
    zip.on('end', resolve)
    zip.on('error', reject)
    zip.readEntry()
  })
  return files
}
