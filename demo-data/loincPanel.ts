/**
 * The lab tests the demo reports: real LOINC codes, UCUM units and common adult reference
 * intervals, plus the distribution each analyte is simulated from (labValues.ts).
 */
export interface ReferenceRange {
  low: number
  high: number
}

export interface LabTest {
  loincCode: string
  /** Display name; the LOINC long common name is in the comment above each entry. */
  testName: string
  /** UCUM. */
  unit: string
  decimals: number
  /** Adult reference interval, narrowed by sex where labs report it that way. */
  reference: ReferenceRange & { FEMALE?: ReferenceRange; MALE?: ReferenceRange }
  /**
   * Critical limits (LL/HH): common laboratory panic values for blood counts, electrolytes and
   * glucose; CTCAE grade 3 thresholds (3x or 5x ULN) for organ-function tests that have no panic value.
   */
  criticalLow: number | null
  criticalHigh: number | null
  /** Healthy adults: normal(mean, sd) or log-normal(median, sd of ln). */
  model: { shape: 'normal' | 'logNormal'; center: number; spread: number; FEMALE?: number; MALE?: number }
  /** Which way real outliers of this analyte usually go. */
  outlier: 'low' | 'high' | 'both'
}

// Checks each entry against LabTest while LAB_TESTS keeps its literal keys.
const test = (t: LabTest): LabTest => t

export const LAB_TESTS = {
  // Hemoglobin [Mass/volume] in Blood
  hemoglobin: test({
    loincCode: '718-7',
    testName: 'Hemoglobin',
    unit: 'g/dL',
    decimals: 1,
    reference: { low: 12.0, high: 17.5, FEMALE: { low: 12.0, high: 15.5 }, MALE: { low: 13.5, high: 17.5 } },
    criticalLow: 7.0,
    criticalHigh: 20.0,
    outlier: 'low',
    model: { shape: 'normal', center: 14.2, spread: 1.1, FEMALE: 13.5, MALE: 15.1 },
  }),
  // Leukocytes [#/volume] in Blood by Automated count
  leukocytes: test({
    loincCode: '6690-2',
    testName: 'Leukocytes',
    unit: '10*3/uL',
    decimals: 1,
    reference: { low: 4.0, high: 11.0 },
    criticalLow: 2.0,
    criticalHigh: 30.0,
    outlier: 'both',
    model: { shape: 'logNormal', center: 6.6, spread: 0.22 },
  }),
  // Platelets [#/volume] in Blood by Automated count
  platelets: test({
    loincCode: '777-3',
    testName: 'Platelets',
    unit: '10*3/uL',
    decimals: 0,
    reference: { low: 150, high: 400 },
    criticalLow: 50,
    criticalHigh: 1000,
    outlier: 'low',
    model: { shape: 'normal', center: 255, spread: 50 },
  }),
  // Creatinine [Mass/volume] in Serum or Plasma
  creatinine: test({
    loincCode: '2160-0',
    testName: 'Creatinine',
    unit: 'mg/dL',
    decimals: 2,
    reference: { low: 0.6, high: 1.3, FEMALE: { low: 0.5, high: 1.1 }, MALE: { low: 0.7, high: 1.3 } },
    criticalLow: null,
    criticalHigh: 3.9,
    outlier: 'high',
    model: { shape: 'logNormal', center: 0.86, spread: 0.15, FEMALE: 0.76, MALE: 0.95 },
  }),
  // Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma
  alt: test({
    loincCode: '1742-6',
    testName: 'ALT',
    unit: 'U/L',
    decimals: 0,
    reference: { low: 7, high: 56 },
    criticalLow: null,
    criticalHigh: 280,
    outlier: 'high',
    model: { shape: 'logNormal', center: 22, spread: 0.38 },
  }),
  // Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma
  ast: test({
    loincCode: '1920-8',
    testName: 'AST',
    unit: 'U/L',
    decimals: 0,
    reference: { low: 10, high: 40 },
    criticalLow: null,
    criticalHigh: 200,
    outlier: 'high',
    model: { shape: 'logNormal', center: 22, spread: 0.28 },
  }),
  // Sodium [Moles/volume] in Serum or Plasma
  sodium: test({
    loincCode: '2951-2',
    testName: 'Sodium',
    unit: 'mmol/L',
    decimals: 0,
    reference: { low: 135, high: 145 },
    criticalLow: 120,
    criticalHigh: 160,
    outlier: 'low',
    model: { shape: 'normal', center: 140, spread: 2.2 },
  }),
  // Potassium [Moles/volume] in Serum or Plasma
  potassium: test({
    loincCode: '2823-3',
    testName: 'Potassium',
    unit: 'mmol/L',
    decimals: 1,
    reference: { low: 3.5, high: 5.1 },
    criticalLow: 2.8,
    criticalHigh: 6.2,
    outlier: 'both',
    model: { shape: 'normal', center: 4.25, spread: 0.32 },
  }),
  // Bilirubin.total [Mass/volume] in Serum or Plasma
  bilirubin: test({
    loincCode: '1975-2',
    testName: 'Bilirubin, total',
    unit: 'mg/dL',
    decimals: 1,
    reference: { low: 0.1, high: 1.2 },
    criticalLow: null,
    criticalHigh: 3.6,
    outlier: 'high',
    model: { shape: 'logNormal', center: 0.55, spread: 0.35 },
  }),
  // Glucose [Mass/volume] in Serum or Plasma (fasting morning draws)
  glucose: test({
    loincCode: '2345-7',
    testName: 'Glucose',
    unit: 'mg/dL',
    decimals: 0,
    reference: { low: 70, high: 99 },
    criticalLow: 50,
    criticalHigh: 400,
    outlier: 'high',
    model: { shape: 'logNormal', center: 88, spread: 0.09 },
  }),
  // C reactive protein [Mass/volume] in Serum or Plasma
  crp: test({
    loincCode: '1988-5',
    testName: 'C-reactive protein',
    unit: 'mg/L',
    decimals: 1,
    reference: { low: 0, high: 10 },
    criticalLow: null,
    criticalHigh: null,
    outlier: 'high',
    model: { shape: 'logNormal', center: 1.8, spread: 0.8 },
  }),
  // Erythrocyte sedimentation rate by Westergren method
  esr: test({
    loincCode: '4537-7',
    testName: 'ESR (Westergren)',
    unit: 'mm/h',
    decimals: 0,
    reference: { low: 0, high: 20, FEMALE: { low: 0, high: 30 } },
    criticalLow: null,
    criticalHigh: null,
    outlier: 'high',
    model: { shape: 'logNormal', center: 11, spread: 0.5, FEMALE: 14 },
  }),
} as const

export const LAB_TEST_LIST: readonly LabTest[] = Object.values(LAB_TESTS)

const T = LAB_TESTS
const HEMATOLOGY = [T.hemoglobin, T.leukocytes, T.platelets]
const RENAL_HEPATIC = [T.creatinine, T.alt, T.ast, T.bilirubin]
const METABOLIC = [T.sodium, T.potassium, T.glucose]

/** What one draw contains: a full work-up at screening, a safety panel during the study. */
export const LAB_PANELS = {
  CIPN: {
    screening: [...HEMATOLOGY, ...RENAL_HEPATIC, ...METABOLIC, T.crp],
    onStudy: [...HEMATOLOGY, ...RENAL_HEPATIC],
  },
  RA: {
    screening: [...HEMATOLOGY, ...RENAL_HEPATIC, ...METABOLIC, T.crp, T.esr],
    onStudy: [...HEMATOLOGY, T.creatinine, T.alt, T.ast, T.crp, T.esr],
  },
} as const satisfies Record<string, { screening: readonly LabTest[]; onStudy: readonly LabTest[] }>
