import type { Sex } from '../rowTypes'
import { integer, type ValueGenerator } from './entryContext'

const SEX_CODE: Readonly<Record<Sex, string>> = {
  FEMALE: 'F',
  MALE: 'M',
  UNKNOWN: 'U',
  UNDIFFERENTIATED: 'UNDIFFERENTIATED',
}

type Weights = readonly (readonly [string, number])[]

// Rough site populations. EU sites often leave race and ethnicity unrecorded: under the GDPR they
// are special-category data, collected only where the protocol justifies it.
const RACE: Readonly<Record<string, Weights>> = {
  US: [
    ['WHITE', 70],
    ['BLACK OR AFRICAN AMERICAN', 15],
    ['ASIAN', 7],
    ['MULTIPLE', 3],
    ['AMERICAN INDIAN OR ALASKA NATIVE', 1],
    ['NATIVE HAWAIIAN OR OTHER PACIFIC ISLANDER', 0.5],
    ['NOT REPORTED', 3.5],
  ],
  CA: [
    ['WHITE', 74],
    ['ASIAN', 15],
    ['BLACK OR AFRICAN AMERICAN', 4],
    ['MULTIPLE', 3],
    ['NOT REPORTED', 4],
  ],
  GB: [
    ['WHITE', 84],
    ['ASIAN', 9],
    ['BLACK OR AFRICAN AMERICAN', 4],
    ['MULTIPLE', 2],
    ['NOT REPORTED', 1],
  ],
  EU: [
    ['WHITE', 78],
    ['NOT REPORTED', 17],
    ['ASIAN', 2],
    ['BLACK OR AFRICAN AMERICAN', 2],
    ['MULTIPLE', 1],
  ],
}
const HISPANIC_SHARE: Readonly<Record<string, number>> = { US: 0.16, CA: 0.03, GB: 0.01, ES: 0.05, DE: 0.01 }

export const demographics: ValueGenerator = ({ patient, profile, rng }) => {
  const { country } = patient.site.row
  const unrecorded = (country === 'DE' || country === 'ES') && rng.chance(0.7)
  const hispanic = rng.chance(HISPANIC_SHARE[country] ?? 0.05)
  return {
    'IG.DM': [
      {
        'I.BRTHYR': integer(patient.row.yearOfBirth),
        'I.SEX': SEX_CODE[patient.row.sex],
        'I.ETHNIC': unrecorded ? 'NOT REPORTED' : hispanic ? 'HISPANIC OR LATINO' : 'NOT HISPANIC OR LATINO',
        'I.RACE': unrecorded ? 'NOT REPORTED' : rng.weighted(RACE[country] ?? RACE.EU!),
        'I.HEIGHT': integer(profile.vitals.heightCm),
      },
    ],
  }
}
