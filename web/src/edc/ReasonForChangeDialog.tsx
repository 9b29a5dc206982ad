import { useState, type FormEvent } from 'react'
import { DialogActions, ModalDialog } from '../ui/ModalDialog'

/**
 * Asked before saving a change to a completed form: the reason goes with the change into the
 * audit trail next to the old and new value (21 CFR 11.10(e)).
 */
export function ReasonForChangeDialog({
  changes,
  onConfirm,
  onCancel,
}: {
  changes: number
  onConfirm: (reason: string) => void
  onCancel: () => void
}) {
  const [reason, setReason] = useState('')
  function confirm(event: FormEvent) {
    event.preventDefault()
    if (reason.trim()) onConfirm(reason.trim())
  }
  return (
    <ModalDialog title="Reason for change" onCancel={onCancel}>
      <form onSubmit={confirm}>
        <p>
          This form was completed. {changes === 1 ? 'The change' : `The ${changes} changes`} will be kept in the audit
          trail with the old value and this reason.
        </p>
        <label htmlFor="reason-for-change">Why the data changes (e.g. transcription error, corrected source)</label>
        <textarea
          id="reason-for-change"
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          required
          autoFocus
        />
        <DialogActions label="Save with this reason" disabled={!reason.trim()} onCancel={onCancel} />
      </form>
    </ModalDialog>
  )
}
