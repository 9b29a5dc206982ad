import { useMemo, useState, type FormEvent } from 'react'
import { Link } from 'wouter'
import { useMutation, useQuery } from 'urql'
import { FormEntryDocument, SaveFormDataDocument, VerifyFormDataDocument } from '../generated/operations'
import { useActiveSession } from '../app/appServices'
import { SITE_STAFF, STUDY_STAFF, hasRole } from '../session/accessGrants'
import { ErrorNotice, Loading } from '../ui/States'
import { errorCode, errorMessage, failedEntirely } from '../ui/partialData'
import { formatDate, formatDateTime } from '../ui/time'
import { words } from '../ui/words'
import {
  byItem,
  changedValues,
  findingsOf,
  isReadOnly,
  itemKey,
  needsReasonForChange,
  rowsOf,
  storedByKey,
  type Draft,
  type ItemMessage,
} from './formDraft'
import { ItemField } from './ItemField'
import { QueryThread } from './QueryThread'
import { ReasonForChangeDialog } from './ReasonForChangeDialog'

type Outcome = { kind: 'saved'; text: string } | { kind: 'failed'; code: string | undefined; text: string }

/**
 * Data entry of one visit's form (FormEntry, one request): each item with what the edit checks
 * said beside it, the item's query thread, and — once the form was completed — a reason for every
 * change. Site staff enter and answer; monitors verify and query; data managers query.
 */
export function FormEntryScreen({ formId }: { formId: string }) {
  const { grants } = useActiveSession()
  const [{ data, error, fetching }, reexecute] = useQuery({ query: FormEntryDocument, variables: { id: formId } })
  const [saving, save] = useMutation(SaveFormDataDocument)
  const [verifying, verify] = useMutation(VerifyFormDataDocument)
  const [draft, setDraft] = useState<Draft>({})
  const [complete, setComplete] = useState(false)
  const [refused, setRefused] = useState<ItemMessage[]>([])
  const [warnings, setWarnings] = useState<ItemMessage[]>([])
  const [askReason, setAskReason] = useState(false)
  const [outcome, setOutcome] = useState<Outcome | null>(null)
  const form = data?.form
  const stored = useMemo(() => storedByKey(form?.values ?? []), [form?.values])
  const refresh = () => reexecute({ requestPolicy: 'network-only' })

  if (!data && fetching) return <Loading what="the form" />
  if (failedEntirely(data, error))
    return <ErrorNotice title="The form did not load" message={errorMessage(error)} onRetry={refresh} />
  if (!form)
    return <ErrorNotice title="No such form" message={errorMessage(error) || 'This form is not yours to see.'} />

  const zone = form.patient?.site?.timeZone ?? null
  const side = hasRole(grants, SITE_STAFF) ? 'site' : hasRole(grants, STUDY_STAFF) ? 'reviewer' : null
  const mayEnter = side === 'site' && !isReadOnly(form)
  const mayVerify = hasRole(grants, ['MONITOR'])
  const changes = changedValues(draft, stored)
  const refusedAt = byItem(refused)
  const warningsAt = byItem(warnings)
  const queriesAt = byItem(form.queries)
  const codeLists = new Map(form.definition.codeLists.map((c) => [c.oid, c]))
  const unverified = form.values.filter((v) => v.value !== null && !v.verified).length

  async function send(reasonForChange?: string) {
    setAskReason(false)
    const result = await save({
      input: {
        visitId: form!.visitId,
        formOid: form!.formOid,
        expectedVersion: form!.version,
        values: changes,
        complete,
        reasonForChange: reasonForChange ?? null,
      },
    })
    const payload = result.data?.saveFormData
    if (payload) {
      setDraft({})
      setComplete(false)
      setRefused([])
      setWarnings(payload.warnings)
      const opened = payload.openedQueries.length
      setOutcome({
        kind: 'saved',
        text: `Saved (version ${payload.form.version}).${opened ? ` ${opened} ${opened === 1 ? 'query was' : 'queries were'} opened.` : ''}`,
      })
      refresh()
      return
    }
    const code = errorCode(result.error)
    if (code === 'REASON_FOR_CHANGE_REQUIRED') return setAskReason(true)
    setRefused(code === 'EDIT_CHECK_FAILED' ? findingsOf(result.error?.graphQLErrors[0]?.extensions) : [])
    setOutcome({ kind: 'failed', code, text: errorMessage(result.error) })
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    setOutcome(null)
    if (changes.length === 0 && !complete) return setOutcome({ kind: 'saved', text: 'Nothing changed.' })
    if (changes.length > 0 && needsReasonForChange(form!)) return setAskReason(true)
    void send()
  }

  async function verifyItems(items?: { group: string; row: number; item: string }[]) {
    const result = await verify({ input: { formId, items: items ?? null } })
    setOutcome(
      result.error
        ? { kind: 'failed', code: errorCode(result.error), text: errorMessage(result.error) }
        : { kind: 'saved', text: items ? 'Value verified.' : 'Every value verified.' },
    )
    refresh()
  }

  return (
    <article className="form-entry" aria-labelledby="form-title">
      <header>
        <h1 id="form-title">{form.name}</h1>
        <p>
          {form.patient ? (
            <Link href={`/patients/${form.patient.id}`}>{form.patient.subjectNumber}</Link>
          ) : (
            'Subject unavailable'
          )}
          {form.visit && ` · ${form.visit.name}, ${formatDate(form.visit.actualDate ?? form.visit.scheduledDate)}`} ·{' '}
          <span className={`status status-${form.status.toLowerCase()}`} data-testid="form-status">
            {words(form.status)}
          </span>{' '}
          · version {form.version}
          {form.updatedAt && ` · last saved ${formatDateTime(form.updatedAt, zone)}`}
          {fetching && <span className="updating"> · updating…</span>}
        </p>
        {isReadOnly(form) && (
          <p className="notice">
            This form is {words(form.lock)}: its data cannot change{form.lock === 'FROZEN' ? ', queries go on' : ''}.
          </p>
        )}
        {mayVerify && unverified > 0 && (
          <button type="button" disabled={verifying.fetching} onClick={() => void verifyItems()}>
            Verify all {unverified} values
          </button>
        )}
      </header>
      <form onSubmit={submit} noValidate>
        {form.definition.itemGroups.map((group) => (
          <fieldset key={group.oid} className="item-group">
            <legend>{group.name}</legend>
            {rowsOf(group, form.values, draft).map((row) => (
              <div
                key={row}
                className="item-row"
                role={group.repeating ? 'group' : undefined}
                aria-label={group.repeating ? `${group.name}, record ${row}` : undefined}
              >
                {group.repeating && <h3 className="row-title">Record {row}</h3>}
                {group.items.map((item) => {
                  const at = { group: group.oid, row, item: item.oid }
                  const key = itemKey(at)
                  const value = stored.get(key)
                  return (
                    <ItemField
                      key={key}
                      group={group.oid}
                      row={row}
                      item={item}
                      codeList={item.codeListOid ? codeLists.get(item.codeListOid) : undefined}
                      stored={value}
                      typed={draft[key]}
                      readOnly={!mayEnter}
                      refused={refusedAt.get(key) ?? []}
                      warnings={warningsAt.get(key) ?? []}
                      onChange={(typed) => setDraft((current) => ({ ...current, [key]: typed }))}
                    >
                      {mayVerify && value?.value != null && !value.verified && (
                        <button type="button" className="link-button" onClick={() => void verifyItems([at])}>
                          Verify {item.label}
                        </button>
                      )}
                      <QueryThread
                        formId={form.id}
                        at={at}
                        queries={queriesAt.get(key) ?? []}
                        side={side}
                        mayRaise={side === 'reviewer' && value?.value != null}
                        zone={zone}
                        onChanged={refresh}
                      />
                    </ItemField>
                  )
                })}
              </div>
            ))}
          </fieldset>
        ))}
        {(mayEnter || outcome) && (
          // Sticky at the bottom: the button and what came of the last save stay in sight on a long form.
          <div className="save-bar">
            {mayEnter && !needsReasonForChange(form) && (
              <label>
                <input type="checkbox" checked={complete} onChange={(e) => setComplete(e.target.checked)} /> Mark the
                form complete (required items must have values)
              </label>
            )}
            {mayEnter && (
              <button type="submit" disabled={saving.fetching}>
                {saving.fetching
                  ? 'Saving…'
                  : changes.length
                    ? `Save ${changes.length} ${changes.length === 1 ? 'change' : 'changes'}`
                    : 'Save'}
              </button>
            )}
            {outcome && (
              <div
                className={outcome.kind === 'failed' ? 'field-error' : 'notice'}
                role={outcome.kind === 'failed' ? 'alert' : 'status'}
                data-code={outcome.kind === 'failed' ? outcome.code : undefined}
                data-testid="form-outcome"
              >
                {outcome.text}
                {outcome.kind === 'failed' && outcome.code === 'VERSION_CONFLICT' && (
                  <>
                    {' '}
                    Your typed values are kept.{' '}
                    <button type="button" onClick={refresh}>
                      Load the newer version
                    </button>
                  </>
                )}
              </div>
            )}
          </div>
        )}
      </form>
      {askReason && (
        <ReasonForChangeDialog
          changes={changes.length}
          onConfirm={(reason) => void send(reason)}
          onCancel={() => setAskReason(false)}
        />
      )}
    </article>
  )
}
