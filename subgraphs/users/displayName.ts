export interface PersonName {
  givenName: string
  familyName: string
  /** Credential(s) as stored, e.g. "MD", "RN", "PharmD", "M.D., PhD". */
  title: string | null
}

// Physicians (MD, DO) are addressed as "Dr." and keep the credential after the name, as on
// delegation logs and 1572 forms ("Dr. Ana Silva, MD"); other credentials only follow the name.
const PHYSICIAN_DEGREES = new Set(['MD', 'DO'])

/** The name shown in the UI: "Dr. Ana Silva, MD", "Lena Wolf, RN" or "Lena Wolf". */
export function formatDisplayName({ givenName, familyName, title }: PersonName): string {
  const name = [givenName.trim(), familyName.trim()].filter(Boolean).join(' ')
  const credentials = title?.trim()
  if (!credentials) return name
  return isPhysician(credentials) ? `Dr. ${name}, ${credentials}` : `${name}, ${credentials}`
}

function isPhysician(credentials: string): boolean {
  // "M.D." and "md" are the same degree; "MD, PhD" lists several.
  return credentials
    .split(/[,;/\s]+/)
    .map((degree) => degree.replace(/\./g, '').toUpperCase())
    .some((degree) => PHYSICIAN_DEGREES.has(degree))
}
