import { badInput } from '../../../contracts/errors/commonErrorCodes'

// LOINC codes are 1-7 digits, a hyphen and a mod-10 check digit, e.g. "718-7", "2823-3"
// (LOINC Users' Guide, "LOINC code format"). Only the shape is checked here: a well-formed code
// with a wrong check digit simply matches no result.
const LOINC_CODE = /^\d{1,7}-\d$/

export function isLoincCode(value: string): boolean {
  return LOINC_CODE.test(value)
}

/** Returns the trimmed code, or throws BAD_USER_INPUT naming the argument. */
export function parseLoincCode(value: string, argumentName = 'loincCode'): string {
  const code = value.trim()
  if (!isLoincCode(code)) {
    throw badInput(
      argumentName,
      `Argument "${argumentName}" must be a LOINC code such as "718-7" (digits, a hyphen, a check digit), got "${value.slice(0, 64)}".`,
    )
  }
  return code
}
