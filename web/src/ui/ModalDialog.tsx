import { useEffect, useRef, type ReactNode } from 'react'

/**
 * A modal dialog on the browser's own <dialog>: focus moves into it and stays there, Escape
 * cancels, the page behind is inert — what a screen reader and a keyboard expect, with no library.
 */
export function ModalDialog({
  title,
  onCancel,
  children,
}: {
  title: string
  onCancel: () => void
  children: ReactNode
}) {
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const dialog = ref.current
    if (dialog && !dialog.open) dialog.showModal()
    return () => dialog?.close()
  }, [])
  const id = `dialog-${title.toLowerCase().replace(/\W+/g, '-')}`
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby={id}
      onCancel={(e) => {
        e.preventDefault()
        onCancel()
      }}
    >
      <h2 id={id}>{title}</h2>
      {children}
    </dialog>
  )
}

/** A dialog's two buttons: do it (the form's submit), or leave without doing anything. */
export function DialogActions({
  label,
  disabled,
  onCancel,
}: {
  label: string
  disabled: boolean
  onCancel: () => void
}) {
  return (
    <span className="actions">
      <button type="submit" disabled={disabled}>
        {label}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </span>
  )
}
