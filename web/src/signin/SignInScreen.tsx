import { useState, type FormEvent } from 'react'
import { useServices, useSessionState } from '../app/appServices'
import { GatewayError } from '../api/gatewayRequest'

function messageOf(error: unknown): string {
  if (!(error instanceof GatewayError)) return 'Signing in failed. Try again.'
  if (error.code === 'INVALID_CREDENTIALS') return 'The email or password is not right.'
  if (error.code === 'ACCOUNT_LOCKED') {
    const seconds = Number(error.extensions.retryAfterSeconds ?? 0)
    return `Too many failed attempts: this account is locked${seconds ? ` for ${Math.ceil(seconds / 60)} min` : ''}.`
  }
  return error.message
}

/** Sign-in, and the screen a user lands on after signing out or when the session has ended. */
export function SignInScreen() {
  const { sessions } = useServices()
  const state = useSessionState()
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const notice = state.kind === 'ended' ? state.reason : state.kind === 'anonymous' ? state.notice : undefined

  async function submit(event: FormEvent) {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await sessions.signIn(email.trim(), password)
    } catch (e) {
      setError(messageOf(e))
      setPassword('')
    } finally {
      setBusy(false)
    }
  }

  return (
    <main className="sign-in" id="main">
      <h1>Trial site workspace</h1>
      {notice && (
        <p className="notice" role="status" data-testid="session-notice">
          {notice}
        </p>
      )}
      <form onSubmit={submit} aria-describedby={error ? 'sign-in-error' : undefined}>
        <label>
          Email
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p id="sign-in-error" className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
