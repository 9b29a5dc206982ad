import { formatDisplayName } from '../displayName'

describe('formatDisplayName', () => {
  it.each([
    // [givenName, familyName, title, expected]
    ['Ana', 'Silva', 'MD', 'Dr. Ana Silva, MD'],
    ['Omar', 'Haddad', 'DO', 'Dr. Omar Haddad, DO'],
    ['Ana', 'Silva', 'M.D.', 'Dr. Ana Silva, M.D.'],
    ['Ana', 'Silva', 'md', 'Dr. Ana Silva, md'],
    ['Ana', 'Silva', 'MD, PhD', 'Dr. Ana Silva, MD, PhD'],
    ['Lena', 'Wolf', 'RN', 'Lena Wolf, RN'],
    ['Priya', 'Nair', 'PharmD', 'Priya Nair, PharmD'],
    ['Marc', 'Dorn', 'PhD', 'Marc Dorn, PhD'],
    ['Lena', 'Wolf', null, 'Lena Wolf'],
    ['Lena', 'Wolf', '', 'Lena Wolf'],
    ['Lena', 'Wolf', '   ', 'Lena Wolf'],
    [' Lena ', ' Wolf ', ' RN ', 'Lena Wolf, RN'],
    // Only the whole credential counts: "MDX" is not the MD degree.
    ['Kai', 'Berg', 'MDX', 'Kai Berg, MDX'],
  ])('%s %s (%s) → %s', (givenName, familyName, title, expected) => {
    expect(formatDisplayName({ givenName, familyName, title })).toBe(expected)
  })
})
