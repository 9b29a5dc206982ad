import type { ReactNode } from 'react'
import { rangeHint, type EntryForm, type ItemDefinition, type ItemMessage, type StoredValue } from './formDraft'

type CodeList = EntryForm['definition']['codeLists'][number]

const fieldId = (group: string, row: number, item: string) => `item-${group}-${row}-${item}`.replace(/\W+/g, '-')

/**
 * One question of the form: its input for the item's data type, its unit and what it accepts, and
 * beside it what the edit checks said (refused, or stored with a query) and its verification.
 * Whatever the browser checks here the server checks again; the messages shown are the server's.
 */
export function ItemField({
  group,
  row,
  item,
  codeList,
  stored,
  typed,
  readOnly,
  refused,
  warnings,
  onChange,
  children,
}: {
  group: string
  row: number
  item: ItemDefinition
  codeList: CodeList | undefined
  stored: StoredValue | undefined
  /** What the person typed; undefined when untouched (the stored value shows). */
  typed: string | undefined
  readOnly: boolean
  refused: readonly ItemMessage[]
  warnings: readonly ItemMessage[]
  onChange: (value: string) => void
  /** The item's queries and actions, below the field. */
  children?: ReactNode
}) {
  const id = fieldId(group, row, item.oid)
  const value = typed ?? stored?.value ?? ''
  const hint = [item.helpText, rangeHint(item)].filter(Boolean).join(' · ')
  const described = [hint && `${id}-hint`, refused.length && `${id}-refused`, warnings.length && `${id}-warnings`]
    .filter(Boolean)
    .join(' ')
  const common = {
    id,
    value,
    disabled: readOnly,
    'aria-invalid': refused.length > 0 || undefined,
    'aria-describedby': described || undefined,
  }
  return (
    <div className={`item${refused.length ? ' item-refused' : ''}`} data-item={item.oid} data-row={row}>
      <label htmlFor={id}>
        {item.label}
        {item.required && <span aria-hidden="true"> *</span>}
        {item.required && <span className="visually-hidden"> (required)</span>}
        {item.critical && <span className="flag"> critical</span>}
      </label>
      <span className="item-input">
        {item.dataType === 'CODED' ? (
          <select {...common} onChange={(e) => onChange(e.target.value)}>
            <option value="">—</option>
            {(codeList?.items ?? []).map((option) => (
              <option key={option.codedValue} value={option.codedValue}>
                {option.decode}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            type={item.dataType === 'DATE' ? 'date' : 'text'}
            inputMode={item.dataType === 'INTEGER' || item.dataType === 'DECIMAL' ? 'decimal' : undefined}
            maxLength={item.maxLength ?? undefined}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
        {item.unit && <span className="unit">{item.unit}</span>}
        {stored?.verified && (
          <span className="verified" title="Verified against source">
            ✓ verified
          </span>
        )}
      </span>
      {hint && (
        <small id={`${id}-hint`} className="hint">
          {hint}
        </small>
      )}
      {refused.length > 0 && (
        <ul id={`${id}-refused`} className="field-error plain" role="alert">
          {refused.map((f, i) => (
            <li key={i}>{f.message}</li>
          ))}
        </ul>
      )}
      {warnings.length > 0 && (
        <ul id={`${id}-warnings`} className="warning plain">
          {warnings.map((f, i) => (
            <li key={i}>{f.message.replace(/\.?$/, '.')} A query was opened.</li>
          ))}
        </ul>
      )}
      {children}
    </div>
  )
}
