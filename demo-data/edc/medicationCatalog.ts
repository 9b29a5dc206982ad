import type { Indication } from '../studyProtocols'

export interface Medication {
  name: string
  doses: readonly number[]
  /** A CL.DOSEU code (UCUM). */
  unit: string
  /** A CL.ROUTE code. */
  route: string
  indication: string
}

const med = (name: string, doses: number[], unit: string, route: string, indication: string): Medication => ({
  name,
  doses,
  unit,
  route,
  indication,
})

/** Long-term medications of each population: cancer survivors after chemotherapy, adults with RA. */
export const CHRONIC_MEDICATIONS: Readonly<Record<Indication, readonly Medication[]>> = {
  CIPN: [
    med('Anastrozole', [1], 'mg', 'ORAL', 'Breast cancer, adjuvant endocrine therapy'),
    med('Letrozole', [2.5], 'mg', 'ORAL', 'Breast cancer, adjuvant endocrine therapy'),
    med('Tamoxifen', [20], 'mg', 'ORAL', 'Breast cancer, adjuvant endocrine therapy'),
    med('Amlodipine', [5, 10], 'mg', 'ORAL', 'Hypertension'),
    med('Lisinopril', [10, 20], 'mg', 'ORAL', 'Hypertension'),
    med('Metformin', [500, 850, 1000], 'mg', 'ORAL', 'Type 2 diabetes mellitus'),
    med('Atorvastatin', [10, 20, 40], 'mg', 'ORAL', 'Hypercholesterolaemia'),
    med('Omeprazole', [20], 'mg', 'ORAL', 'Gastro-oesophageal reflux disease'),
    med('Levothyroxine', [50, 75, 100], 'ug', 'ORAL', 'Hypothyroidism'),
    med('Colecalciferol', [1000, 2000], '[iU]', 'ORAL', 'Vitamin D deficiency'),
    med('Paracetamol', [500, 1000], 'mg', 'ORAL', 'Neuropathic pain, rescue medication'),
    med('Denosumab', [60], 'mg', 'SUBCUTANEOUS', 'Osteoporosis prevention on aromatase inhibitor'),
    med('Zolpidem', [5], 'mg', 'ORAL', 'Insomnia'),
    med('Senna', [1, 2], '{tbl}', 'ORAL', 'Constipation'),
  ],
  RA: [
    med('Prednisolone', [5, 7.5, 10], 'mg', 'ORAL', 'Rheumatoid arthritis'),
    med('Naproxen', [250, 500], 'mg', 'ORAL', 'Rheumatoid arthritis'),
    med('Ibuprofen', [400, 600], 'mg', 'ORAL', 'Rheumatoid arthritis'),
    med('Omeprazole', [20], 'mg', 'ORAL', 'Gastroprotection on NSAID'),
    med('Calcium carbonate', [1.25], 'g', 'ORAL', 'Osteoporosis prevention on glucocorticoid'),
    med('Alendronic acid', [70], 'mg', 'ORAL', 'Osteoporosis'),
    med('Amlodipine', [5, 10], 'mg', 'ORAL', 'Hypertension'),
    med('Ramipril', [2.5, 5], 'mg', 'ORAL', 'Hypertension'),
    med('Atorvastatin', [10, 20], 'mg', 'ORAL', 'Hypercholesterolaemia'),
    med('Levothyroxine', [50, 100], 'ug', 'ORAL', 'Hypothyroidism'),
    med('Sertraline', [50, 100], 'mg', 'ORAL', 'Depression'),
    med('Salbutamol', [100, 200], 'ug', 'RESPIRATORY (INHALATION)', 'Asthma'),
    med('Diclofenac gel 1 %', [4], 'g', 'TOPICAL', 'Hand osteoarthritis'),
  ],
}

/** RHE-2204 enrolls methotrexate inadequate responders: every patient stays on methotrexate and folic acid. */
export const BACKGROUND_MEDICATIONS: Readonly<Record<Indication, readonly Medication[]>> = {
  CIPN: [],
  RA: [
    med('Methotrexate', [15, 17.5, 20, 25], 'mg', 'ORAL', 'Rheumatoid arthritis (once weekly)'),
    med('Folic acid', [5], 'mg', 'ORAL', 'Prevention of methotrexate toxicity'),
  ],
}

/** Short courses started during the study. */
export const NEW_MEDICATIONS: readonly Medication[] = [
  med('Amoxicillin', [500], 'mg', 'ORAL', 'Upper respiratory tract infection'),
  med('Nitrofurantoin', [100], 'mg', 'ORAL', 'Urinary tract infection'),
  med('Ondansetron', [4, 8], 'mg', 'ORAL', 'Nausea'),
  med('Loperamide', [2], 'mg', 'ORAL', 'Diarrhoea'),
  med('Cetirizine', [10], 'mg', 'ORAL', 'Seasonal allergic rhinitis'),
  med('Macrogol', [13.7], 'g', 'ORAL', 'Constipation'),
  med('Paracetamol', [500, 1000], 'mg', 'ORAL', 'Headache'),
  med('Influenza vaccine', [0.5], 'mL', 'INTRAMUSCULAR', 'Influenza prophylaxis'),
]
