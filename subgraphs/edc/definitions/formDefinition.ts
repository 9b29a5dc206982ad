import { z } from 'zod'

/**
 * A case report form's definition, shaped after CDISC ODM 1.3.2 so it exports as ODM metadata
 * without translation: a FormDef holds ItemGroupDefs (repeating where the data repeats, one row per
 * concomitant medication), which hold ItemDefs; coded items name a CodeList. Edit checks travel with
 * the form version (rules are data, versioned with the form, never code branches).
 *
 * A stored version is immutable: once any data exists on it, a change is a new version and existing
 * data stays on the version it was entered on.
 */

/** ODM's DataType, narrowed to what our forms use; a partial date is ISO 8601 reduced precision. */
export const ITEM_DATA_TYPES = ['TEXT', 'INTEGER', 'DECIMAL', 'DATE', 'PARTIAL_DATE', 'CODED'] as const
export type ItemDataType = (typeof ITEM_DATA_TYPES)[number]

/** ODM OIDs: letters, digits, dots, underscores and hyphens; stable across versions. */
const oid = z.string().regex(/^[A-Za-z][A-Za-z0-9._-]{0,63}$/, 'an OID: a letter, then letters, digits, . _ -')

const range = z
  .object({ min: z.number().optional(), max: z.number().optional() })
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min must not exceed max')

export const itemDefSchema = z.strictObject({
  oid,
  /** The question as the site sees it ("Systolic blood pressure"). */
  label: z.string().min(1),
  dataType: z.enum(ITEM_DATA_TYPES),
  /** TEXT: longest accepted value. */
  maxLength: z.number().int().positive().optional(),
  /** DECIMAL: digits after the point, at most. */
  precision: z.number().int().min(0).max(6).optional(),
  /** UCUM unit ("mm[Hg]", "kg"). */
  unit: z.string().optional(),
  required: z.boolean(),
  /** Values outside are impossible: refused (hard check). */
  hardRange: range.optional(),
  /** Values outside are possible but odd: accepted, and a data query is opened (soft check). */
  softRange: range.optional(),
  /** CODED: the CodeList whose coded values are the accepted answers. */
  codeListOid: oid.optional(),
  /** A DATE or PARTIAL_DATE may not lie after the day of entry (hard). Default true. */
  noFutureDate: z.boolean().optional(),
  helpText: z.string().optional(),
  /** Risk-based monitoring (ICH E6(R3)): items a monitor verifies first. */
  critical: z.boolean().optional(),
})
export type ItemDef = z.infer<typeof itemDefSchema>

export const itemGroupDefSchema = z.strictObject({
  oid,
  name: z.string().min(1),
  repeating: z.boolean(),
  items: z.array(itemDefSchema).min(1),
})
export type ItemGroupDef = z.infer<typeof itemGroupDefSchema>

export const codeListSchema = z.strictObject({
  oid,
  name: z.string().min(1),
  items: z.array(z.strictObject({ codedValue: z.string().min(1), decode: z.string().min(1) })).min(1),
})
export type CodeList = z.infer<typeof codeListSchema>

/** Where a value sits: its group, its row (1-based; always 1 in a non-repeating group) and its item. */
export const itemRefSchema = z.strictObject({ group: oid, item: oid })
export type ItemRef = z.infer<typeof itemRefSchema>

export const SEVERITIES = ['HARD', 'SOFT'] as const
export type Severity = (typeof SEVERITIES)[number]

/**
 * Edit checks beyond each item's own type, range and required flag (which its ItemDef states):
 * - COMPARE: a condition two items of the form must meet (in one row when both are in the same
 *   repeating group), e.g. diastolic < systolic, end date ≥ start date; the finding is raised when it
 *   does not hold, and skipped while either is blank or only partly known;
 * - CHANGE_FROM_BASELINE (a number item of a non-repeating group): the item differs from the same item of the patient's baseline visit by
 *   more than `maxPercent` % (weight change > 10 %); skipped without a baseline value.
 */
export const editCheckDefSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    id: oid,
    kind: z.literal('COMPARE'),
    severity: z.enum(SEVERITIES),
    left: itemRefSchema,
    operator: z.enum(['<', '<=', '>', '>=', '==', '!=']),
    right: itemRefSchema,
    message: z.string().min(1),
  }),
  z.strictObject({
    id: oid,
    kind: z.literal('CHANGE_FROM_BASELINE'),
    severity: z.enum(SEVERITIES),
    item: itemRefSchema,
    maxPercent: z.number().positive(),
    message: z.string().min(1),
  }),
])
export type EditCheckDef = z.infer<typeof editCheckDefSchema>

export const formDefinitionSchema = z.strictObject({
  oid,
  name: z.string().min(1),
  itemGroups: z.array(itemGroupDefSchema).min(1),
  codeLists: z.array(codeListSchema),
  checks: z.array(editCheckDefSchema),
})
export type FormDefinition = z.infer<typeof formDefinitionSchema>

/**
 * A form's values as entered: per item group, its rows in order (row 1 first); per row, item OID →
 * the value as text (what the site typed, normalised by the checks) or null when blank.
 */
export type FormValues = Readonly<Record<string, ReadonlyArray<Readonly<Record<string, string | null>>>>>
