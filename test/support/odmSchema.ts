import fs from 'node:fs'
import path from 'node:path'
import { validateXML } from 'xmllint-wasm'

/**
 * Validates XML against the published CDISC ODM 1.3.2 schema (committed, unchanged, in
 * subgraphs/exports/standards/odm-1.3.2) with libxml2 (xmllint compiled to WebAssembly). The XSD's
 * own imports (xml.xsd, xmldsig) are preloaded under the names it refers to them by.
 */
const DIR = path.join(__dirname, '../../subgraphs/exports/standards/odm-1.3.2')
const file = (fileName: string) => ({ fileName, contents: fs.readFileSync(path.join(DIR, fileName), 'utf8') })

export async function validateOdm(xml: string): Promise<{ valid: boolean; errors: string[] }> {
  const result = await validateXML({
    xml: [{ fileName: 'export.xml', contents: xml }],
    schema: [file('ODM1-3-2.xsd')],
    preload: [file('ODM1-3-2-foundation.xsd'), file('xml.xsd'), file('xmldsig-core-schema.xsd')],
    // Room for the exports the tests produce (64 KiB pages).
    maxMemoryPages: 32768,
  })
  return { valid: result.valid, errors: result.errors.map((e) => e.message) }
}
