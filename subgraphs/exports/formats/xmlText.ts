/** XML escaping for attribute values and text (the five predefined entities; control characters dropped: XML 1.0 cannot carry them). */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

// eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g

export const xmlEscape = (value: string) => value.replace(FORBIDDEN, '').replace(/[&<>"']/g, (c) => ENTITIES[c]!)

/** ` name="value"` for each defined attribute, in the order given (the XSD does not care; readers do). */
export function attributes(values: Record<string, string | number | null | undefined>): string {
  let out = ''
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue
    out += ` ${name}="${xmlEscape(String(value))}"`
  }
  return out
}
