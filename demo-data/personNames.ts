/**
 * Fictional people. Given and family names at the same index belong together, which keeps early
 * staff names coherent and memorable for the README ("Amara Okafor, MD"); the lists have coprime
 * lengths so later combinations do not repeat.
 */
const GIVEN_NAMES = [
  'Amara',
  'Daniel',
  'Priya',
  'Mateo',
  'Sofia',
  'Kenji',
  'Fatima',
  'Liam',
  'Ngozi',
  'Jonas',
  'Mei',
  'Carlos',
  'Aisha',
  'Erik',
  'Leila',
  'Tomasz',
  'Hana',
  'Rafael',
  'Ingrid',
  'Kwame',
  'Chiara',
  'Arjun',
  'Yara',
  'Sebastian',
  'Noor',
  'Elena',
  'Tariq',
  'Astrid',
  'Diego',
  'Sakura',
  'Olusegun',
  'Marta',
  'Hamid',
  'Freya',
  'Luis',
  'Zainab',
  'Niklas',
  'Camila',
  'Dev',
  'Ana',
  'Samuel',
  'Keiko',
  'Omar',
  'Greta',
  'Thabo',
  'Lucía',
  'Ravi',
  'Ewa',
] as const

const FAMILY_NAMES = [
  'Okafor',
  'Whitfield',
  'Raman',
  'Alvarez',
  'Lindqvist',
  'Tanaka',
  'Haddad',
  "O'Brien",
  'Adeyemi',
  'Becker',
  'Chen',
  'Moreno',
  'Rahman',
  'Johansson',
  'Farahani',
  'Kowalski',
  'Sato',
  'Castillo',
  'Nilsson',
  'Mensah',
  'Romano',
  'Iyer',
  'Khalil',
  'Hoffmann',
  'Siddiqui',
  'Petrova',
  'Nakamura',
  'Osei',
  'Schneider',
  'Duarte',
  'Kaur',
  'Nguyen',
  'Fischer',
  'Abiodun',
  'Herrera',
  'Novak',
  'Park',
  'Larsen',
  'Mahlangu',
  'Ferreira',
  'Bergström',
  'Gupta',
  'Kim',
  'Delgado',
  'Walsh',
  'Yilmaz',
  'Dubois',
] as const

export interface PersonName {
  givenName: string
  familyName: string
}

/** The n-th staff member's name. */
export function staffName(n: number): PersonName {
  return {
    givenName: GIVEN_NAMES[n % GIVEN_NAMES.length]!,
    familyName: FAMILY_NAMES[(n + 5 * Math.floor(n / GIVEN_NAMES.length)) % FAMILY_NAMES.length]!,
  }
}

/** The n-th patient account holder's name, drawn apart from the staff pairs. */
export function patientName(n: number): PersonName {
  return {
    givenName: GIVEN_NAMES[(29 + 7 * n) % GIVEN_NAMES.length]!,
    familyName: FAMILY_NAMES[(18 + 11 * n) % FAMILY_NAMES.length]!,
  }
}

/** "Lucía O'Brien" -> "lucia.obrien": ASCII only, as most mail systems still expect. */
export function emailLocalPart({ givenName, familyName }: PersonName): string {
  const ascii = (text: string) =>
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ß/g, 'ss')
      .toLowerCase()
      .replace(/[^a-z]/g, '')
  return `${ascii(givenName)}.${ascii(familyName)}`
}

/** Hands out addresses, numbering repeats (jane.doe2@) so a larger scale never breaks uniqueness. */
export class EmailRegistry {
  private readonly taken = new Set<string>()

  claim(name: PersonName, domain: string): string {
    const local = emailLocalPart(name)
    for (let n = 1; ; n++) {
      const email = `${local}${n === 1 ? '' : n}@${domain}`
      if (!this.taken.has(email)) {
        this.taken.add(email)
        return email
      }
    }
  }
}
