import type { CodeList, FormDefinition } from '../odmTypes'
import { CL_YN } from './codeLists'

const CL_METHOD: CodeList = {
  oid: 'CL.TAMETH',
  name: 'Imaging Method',
  items: [
    { codedValue: 'CT SCAN', decode: 'CT scan' },
    { codedValue: 'MRI', decode: 'MRI' },
    { codedValue: 'PET-CT SCAN', decode: 'PET-CT scan' },
  ],
}

const CL_LOCATION: CodeList = {
  oid: 'CL.TULOC',
  name: 'Lesion Location',
  items: [
    { codedValue: 'LUNG', decode: 'Lung' },
    { codedValue: 'LIVER', decode: 'Liver' },
    { codedValue: 'LYMPH NODE', decode: 'Lymph node' },
    { codedValue: 'BREAST', decode: 'Breast' },
    { codedValue: 'PERITONEUM', decode: 'Peritoneum' },
    { codedValue: 'ADRENAL GLAND', decode: 'Adrenal gland' },
    { codedValue: 'SOFT TISSUE', decode: 'Other soft tissue' },
  ],
}

/** RECIST 1.1 overall response. */
const CL_RESPONSE: CodeList = {
  oid: 'CL.RESP',
  name: 'RECIST 1.1 Response',
  items: [
    { codedValue: 'CR', decode: 'Complete response' },
    { codedValue: 'PR', decode: 'Partial response' },
    { codedValue: 'SD', decode: 'Stable disease' },
    { codedValue: 'PD', decode: 'Progressive disease' },
    { codedValue: 'NE', decode: 'Not evaluable' },
  ],
}

/**
 * Tumour status of the CIPN population, collected at Baseline and at the end of participation so the
 * sponsor can show the analgesic does not interfere with anticancer treatment. RECIST 1.1 target
 * lesions: at most 5, at most 2 per organ.
 */
export const TUMOUR_ASSESSMENT: FormDefinition = {
  oid: 'F.TA',
  name: 'Tumour Assessment',
  itemGroups: [
    {
      oid: 'IG.TA',
      name: 'Tumour Assessment',
      repeating: false,
      items: [
        { oid: 'I.TADAT', label: 'Date of imaging', dataType: 'DATE', required: true, noFutureDate: true },
        { oid: 'I.TAMETH', label: 'Imaging method', dataType: 'CODED', codeListOid: CL_METHOD.oid, required: true },
        {
          oid: 'I.TAMEAS',
          label: 'Measurable disease present (RECIST 1.1)?',
          dataType: 'CODED',
          codeListOid: CL_YN.oid,
          required: true,
          helpText: 'At least one lesion of 10 mm or more (lymph nodes: 15 mm or more in short axis).',
        },
        {
          oid: 'I.TAOVRL',
          label: 'Overall response (RECIST 1.1)',
          dataType: 'CODED',
          codeListOid: CL_RESPONSE.oid,
          required: false,
          critical: true,
          helpText:
            'Not at Baseline. Against the Baseline sum of diameters: CR all target lesions gone; PR at least 30 % smaller; PD at least 20 % and 5 mm larger than the smallest sum, or a new lesion; SD otherwise.',
        },
      ],
    },
    {
      oid: 'IG.TL',
      name: 'Target Lesions',
      repeating: true,
      items: [
        {
          oid: 'I.TLNUM',
          label: 'Lesion number',
          dataType: 'INTEGER',
          required: true,
          hardRange: { min: 1, max: 5 },
          helpText: 'Keep the Baseline numbering at every assessment.',
        },
        { oid: 'I.TLLOC', label: 'Location', dataType: 'CODED', codeListOid: CL_LOCATION.oid, required: true },
        {
          oid: 'I.TLDIAM',
          label: 'Longest diameter',
          dataType: 'INTEGER',
          unit: 'mm',
          required: true,
          hardRange: { min: 0, max: 500 },
          softRange: { max: 300 },
          helpText: 'Short axis for lymph nodes. 0 if the lesion has disappeared; 5 if too small to measure.',
        },
      ],
    },
  ],
  codeLists: [CL_METHOD, CL_YN, CL_RESPONSE, CL_LOCATION],
  checks: [],
}
