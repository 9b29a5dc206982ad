import fs from 'node:fs'
import { createTwoFilesPatch } from 'diff'
import { error, type Finding } from '../findings'

/** The committed supergraph must be exactly what composition produces from the current SDL. */
export function checkSupergraphCurrent(composed: string, supergraphFile: string, relativeFile: string): Finding[] {
  if (!fs.existsSync(supergraphFile)) {
    return [
      error(
        'supergraph-current',
        'MISSING_FILE',
        `${relativeFile} does not exist: run \`npm run compose\` and commit it.`,
        { file: relativeFile },
      ),
    ]
  }
  const committed = fs.readFileSync(supergraphFile, 'utf8')
  if (committed === composed) return []
  const patch = createTwoFilesPatch(
    `${relativeFile} (committed)`,
    `${relativeFile} (composed now)`,
    committed,
    composed,
    '',
    '',
    { context: 2 },
  )
  return [
    error(
      'supergraph-current',
      'STALE_FILE',
      `${relativeFile} differs from what rover.yaml composes now (edited by hand, or a subgraph changed without \`npm run compose\`). Run \`npm run compose\` and commit the result.`,
      {
        file: relativeFile,
        detail: patch.split('\n').slice(2).join('\n').trim(),
      },
    ),
  ]
}
