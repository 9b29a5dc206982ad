/**
 * The EDC subgraph's form-definition types (subgraphs/edc/definitions/formDefinition.ts), restated
 * here because demo-data may import nothing outside itself (eslint.config.mjs, ROOMS). They are
 * kept structurally identical, arrays mutable as zod infers them, so a demo definition is assignable
 * to the subgraph's FormDefinition and parses with its formDefinitionSchema.
 */
type ItemDataType = 'TEXT' | 'INTEGER' | 'DECIMAL' | 'DATE' | 'PARTIAL_DATE' | 'CODED'

interface Range {
  min?: number
  max?: number
}

export interface ItemDef {
  oid: string
  label: string
  dataType: ItemDataType
  maxLength?: number
  precision?: number
  /** UCUM. */
  unit?: string
  required: boolean
  hardRange?: Range
  softRange?: Range
  codeListOid?: string
  noFutureDate?: boolean
  helpText?: string
  critical?: boolean
}

interface ItemGroupDef {
  oid: string
  name: string
  repeating: boolean
  items: ItemDef[]
}

export interface CodeList {
  oid: string
  name: string
  items: { codedValue: string; decode: string }[]
}

interface ItemRef {
  group: string
  item: string
}

type Severity = 'HARD' | 'SOFT'

export type EditCheckDef =
  | {
      id: string
      kind: 'COMPARE'
      severity: Severity
      left: ItemRef
      operator: '<' | '<=' | '>' | '>=' | '==' | '!='
      right: ItemRef
      message: string
    }
  | {
      id: string
      kind: 'CHANGE_FROM_BASELINE'
      severity: Severity
      item: ItemRef
      maxPercent: number
      message: string
    }

export interface FormDefinition {
  oid: string
  name: string
  itemGroups: ItemGroupDef[]
  codeLists: CodeList[]
  checks: EditCheckDef[]
}

/** Per item group, its rows in order; per row, item OID → the value as text, or null when blank. */
export type FormValues = Readonly<Record<string, ReadonlyArray<Readonly<Record<string, string | null>>>>>

/** ODM StudyEventDef → FormRef: the forms a visit type has, in display order. */
export interface StudyEventDef {
  visitType: string
  formOids: readonly string[]
}
