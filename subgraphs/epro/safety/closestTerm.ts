// "Did you mean …?" for a symptom term that is not in the CTCAE list: the person entering it most
// often typed the start of a term ("Naus"), part of it ("neuropathy") or misspelt it ("Diarrhoea").

/** Longer input is cut before comparing, so a pasted essay cannot make the edit distance costly. */
const MAX_COMPARED_LENGTH = 100

/**
 * The known term the input most likely meant, or null when nothing is close. Matching ignores
 * case. Preference: a term that starts with the input (or that the input starts with), then a term
 * containing the input, then a term within a few typing mistakes; ties go to the smaller edit
 * distance, then alphabetical order, so the answer is deterministic.
 */
export function closestTerm(input: string, terms: readonly string[]): string | null {
  const query = input.trim().toLowerCase().slice(0, MAX_COMPARED_LENGTH)
  if (query === '') return null
  const scored = terms.map((term) => {
    const lower = term.toLowerCase()
    return { term, lower, distance: editDistance(query, lower) }
  })
  const tiers = [
    scored.filter(
      ({ lower }) => query.length >= 2 && (lower.startsWith(query) || (lower.length >= 4 && query.startsWith(lower))),
    ),
    scored.filter(({ lower }) => query.length >= 4 && lower.includes(query)),
    scored.filter(
      ({ lower, distance }) => distance <= Math.max(1, Math.floor(Math.max(query.length, lower.length) / 3)),
    ),
  ]
  const tier = tiers.find((candidates) => candidates.length > 0)
  if (!tier) return null
  const [best] = [...tier].sort((a, b) => a.distance - b.distance || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0))
  return best.term
}

/** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution))
    }
    previous = current
  }
  return previous[b.length]
}
