/** An API enum value as words in a sentence: ENROLLMENT_FAILED → "enrollment failed". */
export const words = (value: string) => value.replace(/_/g, ' ').toLowerCase()
