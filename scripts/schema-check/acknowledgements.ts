import fs from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'

/**
 * schema/breaking-changes.yaml: breaking changes made on purpose. Each entry names the change the
 * way the check reports it (change type + schema coordinate) and says why it is acceptable, e.g.
 * that every client has moved off the field. The check prints the reason whenever it applies.
 */
const entrySchema = z.object({
  change: z.string().regex(/^[A-Z_]+$/, 'change must be a change type such as FIELD_REMOVED'),
  path: z.string().min(1),
  reason: z.string().min(15, 'reason must say why the break is acceptable (15 characters at least)'),
  acknowledgedBy: z.string().min(1).optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
})
const fileSchema = z.object({ acknowledged: z.array(entrySchema).default([]) })

export type Acknowledgement = z.infer<typeof entrySchema>

export function readAcknowledgements(file: string): Acknowledgement[] {
  if (!fs.existsSync(file)) return []
  const parsed = fileSchema.safeParse(parseYaml(fs.readFileSync(file, 'utf8')) ?? {})
  if (!parsed.success) throw new Error(`${file} is not valid:\n${z.prettifyError(parsed.error)}`)
  return parsed.data.acknowledged
}
