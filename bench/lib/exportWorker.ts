import fs from 'node:fs'
import { once } from 'node:events'
import { exportSubjects } from '../../subgraphs/exports/runExport'
import { isProfileName } from '../../subgraphs/exports/deidentify/profiles'
import { generatedStudy } from './generatedStudy'

/**
 * One measured export in a process of its own (so its peak RSS is its own):
 * `exportWorker <format|floor> <subjects> <profile> <audit 0|1> <output file>`. `floor` writes the
 * same generated records as plain JSON lines: the cost of producing and writing them with no
 * format and no de-identification, the baseline the formats are compared to. Prints one JSON line.
 */
async function main() {
  const [format, subjectsArg, profile, auditArg, outputPath] = process.argv.slice(2)
  const subjects = Number(subjectsArg)
  if (!format || !outputPath || !Number.isInteger(subjects) || !profile || !isProfileName(profile))
    throw new Error('usage: exportWorker <format|floor> <subjects> <profile> <0|1> <file>')
  const source = generatedStudy(subjects, { audit: auditArg === '1' })
  const started = performance.now()
  let bytes = 0
  if (format === 'floor') {
    const file = fs.createWriteStream(outputPath)
    for await (const s of source.subjects) {
      const line = `${JSON.stringify(s.record)}\n`
      bytes += Buffer.byteLength(line)
      if (!file.write(line)) await once(file, 'drain')
    }
    file.end()
    await once(file, 'close')
  } else {
    const result = await exportSubjects(source, {
      protocolId: 'BENCH-1',
      format,
      profile,
      recipient: 'bench',
      pseudonymSecret: 'bench-secret-of-at-least-32-characters!',
      includeAudit: auditArg === '1',
      datasets: null,
      outputPath,
    })
    bytes = result.bytes
  }
  const seconds = (performance.now() - started) / 1000
  const peakRssMiB = process.resourceUsage().maxRSS / 1024
  console.log(JSON.stringify({ seconds, bytes, peakRssMiB, ...source.counts }))
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
