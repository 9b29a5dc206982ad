import { hashPassword } from '../auth/passwordHash'
import type { UsersPrisma } from '../data/prismaClient'
import type { Role } from '../generated/prisma/enums'

// Hand-written fixture rows with fixed UUIDs: one study, six sites, a care team at site 1 with
// the people who must NOT appear on it (revoked, inactive, patient account), and 30 bulk CRCs
// spread over sites 3-6 for the statement-count checks.
const id = (prefix: string, n: number) => `${prefix}-0000-4000-8000-${String(n).padStart(12, '0')}`
export const userId = (n: number) => id('aaaaaaaa', n)
export const siteId = (n: number) => id('bbbbbbbb', n)
export const STUDY_ID = id('cccccccc', 1)

export const ANA = userId(1) // INVESTIGATOR, MD
export const BEN = userId(2) // CRC, RN
export const CARLA = userId(3) // CRC + DATA_MANAGER, no title
export const DORA = userId(4) // DATA_MANAGER at site 1 and study-level
export const EVE = userId(5) // MONITOR
export const PAT = userId(6) // patient account
export const IAN = userId(7) // inactive CRC
export const RITA = userId(8) // CRC whose assignment was revoked
export const BULK = Array.from({ length: 30 }, (_, i) => userId(100 + i))

const person = (uid: string, givenName: string, familyName: string, title: string | null, active = true) => ({
  id: uid,
  email: `${givenName}.${familyName}@example.org`.toLowerCase(),
  givenName,
  familyName,
  title,
  active,
})

const assignment = (
  uid: string,
  role: Role,
  site: string | null,
  grantedAt: string,
  revokedAt: string | null = null,
) => ({
  userId: uid,
  role,
  studyId: STUDY_ID,
  siteId: site,
  grantedAt: new Date(grantedAt),
  revokedAt: revokedAt ? new Date(revokedAt) : null,
})

export async function seedUsersFixture(prisma: UsersPrisma): Promise<void> {
  await prisma.user.createMany({
    data: [
      person(ANA, 'Ana', 'Silva', 'MD'),
      person(BEN, 'Ben', 'Adams', 'RN'),
      person(CARLA, 'Carla', 'Zimmer', null),
      person(DORA, 'Dora', 'Brandt', null),
      person(EVE, 'Eve', 'Keller', 'PhD'),
      person(PAT, 'Pat', 'Aaron', null),
      person(IAN, 'Ian', 'Baker', 'RN', false),
      person(RITA, 'Rita', 'Adler', 'RN'),
      ...BULK.map((uid, i) => person(uid, 'Bulk', `Member${String(i).padStart(2, '0')}`, 'RN')),
    ],
  })
  await prisma.roleAssignment.createMany({
    data: [
      assignment(ANA, 'CRC', siteId(1), '2025-01-01T00:00:00Z', '2025-01-31T00:00:00Z'),
      assignment(ANA, 'INVESTIGATOR', siteId(2), '2025-03-01T00:00:00Z'),
      assignment(ANA, 'INVESTIGATOR', siteId(1), '2025-02-01T00:00:00Z'),
      assignment(BEN, 'CRC', siteId(1), '2025-02-02T00:00:00Z'),
      assignment(CARLA, 'DATA_MANAGER', siteId(1), '2025-02-03T00:00:00Z'),
      assignment(CARLA, 'CRC', siteId(1), '2025-02-04T00:00:00Z'),
      assignment(DORA, 'DATA_MANAGER', null, '2025-02-05T00:00:00Z'),
      assignment(DORA, 'DATA_MANAGER', siteId(1), '2025-02-05T00:00:00Z'),
      assignment(EVE, 'MONITOR', siteId(1), '2025-02-06T00:00:00Z'),
      { ...assignment(PAT, 'PATIENT', siteId(1), '2025-02-07T00:00:00Z'), patientId: id('eeeeeeee', 1) },
      assignment(IAN, 'CRC', siteId(1), '2025-02-08T00:00:00Z'),
      assignment(RITA, 'CRC', siteId(1), '2025-01-01T00:00:00Z', '2025-02-01T00:00:00Z'),
      ...BULK.map((uid, i) => assignment(uid, 'CRC', siteId(3 + (i % 4)), '2025-04-01T00:00:00Z')),
    ].map((row, i) => ({ id: id('dddddddd', i + 1), ...row })),
  })
}

/** The password the sign-in suites give Ana (active) and Ian (inactive). */
export const FIXTURE_PASSWORD = 'correct horse battery staple'

/** The fixture, plus passwords for Ana and Ian: what the sign-in and audit suites start from. */
export async function seedUsersWithPasswords(prisma: UsersPrisma): Promise<void> {
  await seedUsersFixture(prisma)
  const passwordHash = await hashPassword(FIXTURE_PASSWORD)
  await prisma.credential.createMany({
    data: [
      { userId: ANA, passwordHash },
      { userId: IAN, passwordHash },
    ],
  })
}
