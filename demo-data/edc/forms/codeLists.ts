import type { CodeList } from '../odmTypes'

/**
 * Code lists shared by several forms. Coded values are CDISC SDTM controlled terminology
 * submission values where CDISC defines the list (SEX C66731, RACE C74457, ETHNIC C66790,
 * ROUTE C66729, VSPOS C71148, ACN C66767), so an SDTM export needs no recoding.
 */
const list = (oid: string, name: string, items: readonly (readonly [string, string])[]): CodeList => ({
  oid,
  name,
  items: items.map(([codedValue, decode]) => ({ codedValue, decode })),
})

export const CL_YN = list('CL.YN', 'No Yes Response', [
  ['Y', 'Yes'],
  ['N', 'No'],
])

export const CL_SEX = list('CL.SEX', 'Sex', [
  ['F', 'Female'],
  ['M', 'Male'],
  ['U', 'Unknown'],
  ['UNDIFFERENTIATED', 'Undifferentiated'],
])

export const CL_RACE = list('CL.RACE', 'Race', [
  ['AMERICAN INDIAN OR ALASKA NATIVE', 'American Indian or Alaska Native'],
  ['ASIAN', 'Asian'],
  ['BLACK OR AFRICAN AMERICAN', 'Black or African American'],
  ['NATIVE HAWAIIAN OR OTHER PACIFIC ISLANDER', 'Native Hawaiian or Other Pacific Islander'],
  ['WHITE', 'White'],
  ['MULTIPLE', 'Multiple'],
  ['NOT REPORTED', 'Not reported'],
])

export const CL_ETHNIC = list('CL.ETHNIC', 'Ethnicity', [
  ['HISPANIC OR LATINO', 'Hispanic or Latino'],
  ['NOT HISPANIC OR LATINO', 'Not Hispanic or Latino'],
  ['NOT REPORTED', 'Not reported'],
])

export const CL_POSITION = list('CL.POSITION', 'Position of Subject', [
  ['SITTING', 'Sitting'],
  ['SUPINE', 'Supine'],
  ['STANDING', 'Standing'],
])

export const CL_ROUTE = list('CL.ROUTE', 'Route of Administration', [
  ['ORAL', 'Oral'],
  ['SUBCUTANEOUS', 'Subcutaneous'],
  ['INTRAVENOUS', 'Intravenous'],
  ['INTRAMUSCULAR', 'Intramuscular'],
  ['TOPICAL', 'Topical'],
  ['TRANSDERMAL', 'Transdermal'],
  ['RESPIRATORY (INHALATION)', 'Inhalation'],
])

/** Dose units as UCUM codes; a tablet is the UCUM annotation {tbl}. */
export const CL_DOSE_UNIT = list('CL.DOSEU', 'Dose Unit', [
  ['mg', 'mg'],
  ['ug', 'µg'],
  ['g', 'g'],
  ['mL', 'mL'],
  ['[iU]', 'IU'],
  ['{tbl}', 'tablet'],
])

/** CTCAE v5.0 grades; the grade decodes are CTCAE's own general descriptions. */
export const CL_SEVERITY = list('CL.SEVERITY', 'CTCAE Grade', [
  ['1', 'Grade 1 – Mild'],
  ['2', 'Grade 2 – Moderate'],
  ['3', 'Grade 3 – Severe or medically significant'],
  ['4', 'Grade 4 – Life-threatening'],
  ['5', 'Grade 5 – Death related to AE'],
])

export const CL_RELATIONSHIP = list('CL.AEREL', 'Relationship to Study Drug', [
  ['NOT RELATED', 'Not related'],
  ['UNLIKELY RELATED', 'Unlikely related'],
  ['POSSIBLY RELATED', 'Possibly related'],
  ['PROBABLY RELATED', 'Probably related'],
  ['RELATED', 'Definitely related'],
])

export const CL_ACTION = list('CL.AEACN', 'Action Taken with Study Drug', [
  ['DOSE NOT CHANGED', 'Dose not changed'],
  ['DOSE REDUCED', 'Dose reduced'],
  ['DRUG INTERRUPTED', 'Drug interrupted'],
  ['DRUG WITHDRAWN', 'Drug withdrawn'],
  ['NOT APPLICABLE', 'Not applicable'],
])
