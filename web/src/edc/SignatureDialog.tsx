import { useState, type FormEvent } from 'react'
import { useMutation } from 'urql'
import { ConfirmSignatureDocument, SignDataDocument, type SignatureScope } from '../generated/operations'
import { useActiveSession } from '../app/appServices'
import { DialogActions, ModalDialog } from '../ui/ModalDialog'
import { RefusalNotice } from '../ui/States'

/** The meanings a signature may carry, word for word as the users context accepts them (21 CFR 11.50(a)(3)). */
const MEANINGS = ['I approve the data as accurate and complete', 'I have reviewed the data'] as const

/**
 * An investigator's electronic signature of a casebook or a visit, in the two steps 21 CFR 11.200
 * asks for: the password re-entered for this record and meaning (confirmSignature, users), then the
 * signature with that short-lived credential (signData, edc). The printed name, meaning and time are
 * recorded; a later change to the data invalidates it, visibly.
 */
export function SignatureDialog({
  scope,
  targetId,
  what,
  onSigned,
  onCancel,
}: {
  scope: SignatureScope
  targetId: string
  /** What is signed, in words, e.g. "the casebook of ONC-3017-101-0001". */
  what: string
  onSigned: () => void
  onCancel: () => void
}) {
  const { session } = useActiveSession()
  const [meaning, setMeaning] = useState<string>(MEANINGS[0])
  const [password, setPassword] = useState('')
  const [confirmed, confirm] = useMutation(ConfirmSignatureDocument)
  const [signed, sign] = useMutation(SignDataDocument)
  const failed = confirmed.error ?? signed.error
  const busy = confirmed.fetching || signed.fetching

  async function submit(event: FormEvent) {
    event.preventDefault()
    const credential = await confirm({ input: { password, meaning, record: `${scope}:${targetId}` } })
    setPassword('')
    const token = credential.data?.confirmSignature.token
    if (!token) return
    const signature = await sign({ input: { scope, targetId, meaning, credential: token } })
    if (signature.data?.signData) onSigned()
  }

  return (
    <ModalDialog title={`Sign ${what}`} onCancel={onCancel}>
      <form onSubmit={submit}>
        <fieldset>
          <legend>Meaning of your signature</legend>
          {MEANINGS.map((m) => (
            <label key={m} className="choice">
              <input type="radio" name="meaning" value={m} checked={meaning === m} onChange={() => setMeaning(m)} /> {m}
            </label>
          ))}
        </fieldset>
        <p className="notice">
          Signing as <strong>{session.displayName}</strong>: “{meaning}”. Your electronic signature is the legally
          binding equivalent of your handwritten signature.
        </p>
        <label htmlFor="signature-password">Your password</label>
        <input
          id="signature-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
          autoFocus
        />
        <RefusalNotice error={failed} />
        <DialogActions label={busy ? 'Signing…' : 'Sign'} disabled={!password || busy} onCancel={onCancel} />
      </form>
    </ModalDialog>
  )
}
