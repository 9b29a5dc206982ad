import { uuidFromName } from '../../../platform/ids'

/**
 * A form's id follows from its visit and its OID: the form of a visit exists once, whoever creates
 * it (the seed, the visit's registration, a retried event) and however often.
 */
export const formIdOf = (visitId: string, formOid: string) => uuidFromName(`edc-form:${visitId}:${formOid}`)

/** An item's id follows from its form and its place, for the same reason. */
export const itemIdOf = (formId: string, group: string, row: number, item: string) =>
  uuidFromName(`edc-item:${formId}:${group}:${row}:${item}`)

/**
 * A place in a form as one string (map keys, audit fields, messages): "IG.VS[1].I.SYSBP". OIDs hold
 * no brackets, so the string is unambiguous.
 */
export const itemKey = (ref: { group: string; row: number; item: string }) => `${ref.group}[${ref.row}].${ref.item}`

/** itemKey of a stored value. */
export const storedItemKey = (i: { groupOid: string; row: number; itemOid: string }) =>
  itemKey({ group: i.groupOid, row: i.row, item: i.itemOid })
