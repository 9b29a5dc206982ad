import { useQuery } from 'urql'
import { WorkspaceDocument, type WorkspaceQuery } from '../generated/operations'

export type WorkspaceRole = WorkspaceQuery['me']['roles'][number]

export interface SiteChoice {
  id: string
  siteNumber: string
  name: string
  timeZone: string
  protocolId: string
}

/** Who is signed in and their roles, read once per session (cached by the client). */
export function useWorkspace() {
  const [result, reexecute] = useQuery({ query: WorkspaceDocument, requestPolicy: 'cache-first' })
  return { ...result, reexecute }
}

/** The sites whose patients a user sees: their own site for site roles, every site of the study otherwise. */
export function sitesOf(roles: readonly WorkspaceRole[]): SiteChoice[] {
  const sites = new Map<string, SiteChoice>()
  for (const role of roles) {
    if (role.role === 'SPONSOR' || role.role === 'STUDY_MANAGER' || role.role === 'PATIENT') continue
    const protocolId = role.study?.protocolId ?? ''
    const list = role.site ? [role.site] : (role.study?.sites ?? [])
    for (const site of list) sites.set(site.id, { ...site, protocolId })
  }
  return [...sites.values()].sort((a, b) =>
    `${a.protocolId}${a.siteNumber}`.localeCompare(`${b.protocolId}${b.siteNumber}`),
  )
}
