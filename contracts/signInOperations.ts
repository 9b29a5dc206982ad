/**
 * The root fields an anonymous caller may use: signing in, managing a session, and activating an
 * invited account (its one-time token is the credential). The users
 * subgraph allows only these without an identity; the gateway refuses anything else from an
 * anonymous caller up front (401), so the answer does not depend on which subgraph is asked first.
 */
export const SIGN_IN_ROOT_FIELDS = ['signIn', 'refreshSession', 'signOut', 'acceptInvitation'] as const
