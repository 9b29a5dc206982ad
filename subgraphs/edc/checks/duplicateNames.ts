/** One problem per name that occurs more than once, in order of first repetition. */
export function duplicates(what: string, names: readonly string[]): string[] {
  const repeated = names.filter((name, index) => names.indexOf(name) !== index)
  return [...new Set(repeated)].map((name) => `${what} ${name} is used more than once`)
}
