import { Component, type ReactNode } from 'react'
import { ErrorNotice } from './States'

/**
 * A screen that fails to render says so in its place; the navigation, the live feed and the
 * session stay (without this, React unmounts the whole app and leaves a blank page).
 */
export class ScreenErrorBoundary extends Component<
  { children: ReactNode; resetKey: string },
  { failed: Error | null }
> {
  override state: { failed: Error | null } = { failed: null }

  static getDerivedStateFromError(failed: Error) {
    return { failed }
  }

  override componentDidUpdate(previous: { resetKey: string }) {
    // Another page: try again.
    if (previous.resetKey !== this.props.resetKey && this.state.failed) this.setState({ failed: null })
  }

  override render() {
    if (this.state.failed)
      return (
        <ErrorNotice
          title="This page could not be shown"
          message="Something in the page failed. The rest of the workspace still works; reload to try again."
          onRetry={() => window.location.reload()}
        />
      )
    return this.props.children
  }
}
