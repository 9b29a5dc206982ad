import type { SessionDriver } from './loadSpec'

/**
 * The form-save benchmark's request: one save of 30 values of one Concomitant Medications form
 * (F.CM): the screening question and four medication rows of the repeating group IG.CM (one
 * stopped medication with its end date, 8 items; three ongoing ones without, 7 items each).
 */
export const SAVE_FORM = `mutation SaveFormData($input: SaveFormDataInput!) {
  saveFormData(input: $input) {
    form { id version status }
    warnings { checkId row item }
    openedQueries { id }
  }
}`

export const FORM_OID = 'F.CM'
const CM = 'IG.CM'
const ITEMS = ['I.CMTRT', 'I.CMDOSE', 'I.CMDOSU', 'I.CMROUTE', 'I.CMINDC', 'I.CMSTDAT', 'I.CMENDAT', 'I.CMONGO']
type Medication = [string, string, string, string, string, string, string | null, string]

/**
 * Two sets of values, sent alternately (by the parity of the version a save names), so that every
 * save changes all 30 stored values: each writes 30 values and 30 audit entries, the same work
 * every time. Both pass every hard edit check (types, code lists, precision, no future date);
 * coded items alternate between two codes of their list, which the checks accept though the
 * answers are not meant to tell a coherent clinical story. Row 1's end date is before its start
 * date in both sets: the soft rule CM.END_GE_START fires on every save (a warning in the answer;
 * the first save opens its data query, later saves find it open).
 */
const SETS: { screening: string; rows: Medication[] }[] = [
  {
    screening: 'Y',
    rows: [
      ['Paracetamol', '500', 'mg', 'ORAL', 'Headache', '2026-03-14', '2026-03-01', 'N'],
      ['Omeprazole', '20', 'mg', 'ORAL', 'Gastro-oesophageal reflux disease', '2025-11', null, 'Y'],
      ['Ondansetron', '8', 'mg', 'INTRAVENOUS', 'Nausea prophylaxis', '2026-05-02', null, 'Y'],
      ['Salbutamol', '100', 'ug', 'RESPIRATORY (INHALATION)', 'Asthma', '2019', null, 'Y'],
    ],
  },
  {
    screening: 'N',
    rows: [
      ['Ibuprofen', '0.4', 'g', 'TOPICAL', 'Back pain', '2026-04-10', '2026-04-02', 'Y'],
      ['Pantoprazole', '1', '{tbl}', 'INTRAVENOUS', 'Dyspepsia', '2025-12', null, 'N'],
      ['Metoclopramide', '10', 'mL', 'INTRAMUSCULAR', 'Nausea', '2026-06-20', null, 'N'],
      ['Insulin glargine', '24', '[iU]', 'SUBCUTANEOUS', 'Type 2 diabetes mellitus', '2018', null, 'N'],
    ],
  },
]

export interface PlacedValue {
  group: string
  row: number
  item: string
  value: string
}

/** The 30 values a save over `version` sends (and what the form holds once it is acknowledged). */
export function formValues(version: number): PlacedValue[] {
  const set = SETS[version % 2]!
  return [
    { group: 'IG.CMYN', row: 1, item: 'I.CMYN', value: set.screening },
    ...set.rows.flatMap((medication, index) =>
      ITEMS.flatMap((item, i) => {
        const value = medication[i]
        return value === null || value === undefined ? [] : [{ group: CM, row: index + 1, item, value }]
      }),
    ),
  ]
}

/** One form a client saves over and over, with the version it last read. */
export interface SavedForm {
  formId: string
  visitId: string
  version: number
  /** Saves answered with the form's new version. */
  acknowledged: number
  /** Saves refused with VERSION_CONFLICT (the version is re-read from the refusal). */
  conflicts: number
}

/** One client's forms (no other client saves them), taken in turn. */
export interface FormSaveSession {
  forms: SavedForm[]
  next: number
}

/** The save of one form over the version it holds. */
export function saveBody(form: Pick<SavedForm, 'visitId' | 'version'>): string {
  return JSON.stringify({
    query: SAVE_FORM,
    variables: {
      input: {
        visitId: form.visitId,
        formOid: FORM_OID,
        expectedVersion: form.version,
        values: formValues(form.version),
      },
    },
  })
}

interface SaveAnswer {
  data?: { saveFormData?: { form?: { version?: number } } | null } | null
  errors?: { extensions?: { code?: string; currentVersion?: number } }[]
}

/**
 * What an answer does to the form: an acknowledged save carries the new version; a conflict (a save
 * whose answer was lost, e.g. on a socket error) carries the current one. True when acknowledged.
 */
export function applyAnswer(form: SavedForm, body: string): boolean {
  let answer: SaveAnswer
  try {
    answer = JSON.parse(body) as SaveAnswer
  } catch {
    return false
  }
  const version = answer.data?.saveFormData?.form?.version
  if (typeof version === 'number') {
    form.version = version
    form.acknowledged += 1
    return true
  }
  const conflict = answer.errors?.find((e) => e.extensions?.code === 'VERSION_CONFLICT')
  if (typeof conflict?.extensions?.currentVersion === 'number') {
    form.version = conflict.extensions.currentVersion
    form.conflicts += 1
  }
  return false
}

/** The load generator's side: each client saves its forms in turn, each over the version it last read. */
export const formSaveDriver: SessionDriver<FormSaveSession> = {
  next(session) {
    const form = session.forms[session.next++ % session.forms.length]!
    return { body: saveBody(form), answered: (body) => applyAnswer(form, body) }
  },
}

/** How many values every save sets. */
export const VALUES_PER_SAVE = formValues(0).length
