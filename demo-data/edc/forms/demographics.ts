import type { FormDefinition } from '../odmTypes'
import { CL_ETHNIC, CL_RACE, CL_SEX } from './codeLists'

export const DEMOGRAPHICS: FormDefinition = {
  oid: 'F.DM',
  name: 'Demographics',
  itemGroups: [
    {
      oid: 'IG.DM',
      name: 'Demographics',
      repeating: false,
      items: [
        {
          oid: 'I.BRTHYR',
          label: 'Year of birth',
          dataType: 'INTEGER',
          required: true,
          // Adults only: nobody born after 2010 can be enrolled in either study.
          hardRange: { min: 1900, max: 2010 },
          helpText: 'Year only: the full date of birth is not collected (HIPAA Safe Harbor).',
        },
        { oid: 'I.SEX', label: 'Sex', dataType: 'CODED', codeListOid: CL_SEX.oid, required: true },
        {
          oid: 'I.ETHNIC',
          label: 'Ethnicity',
          dataType: 'CODED',
          codeListOid: CL_ETHNIC.oid,
          required: true,
          helpText: 'As reported by the subject. Select "Not reported" if the subject declines to answer.',
        },
        {
          oid: 'I.RACE',
          label: 'Race',
          dataType: 'CODED',
          codeListOid: CL_RACE.oid,
          required: true,
          helpText: 'As reported by the subject; select "Multiple" when more than one applies.',
        },
        {
          oid: 'I.HEIGHT',
          label: 'Height',
          dataType: 'INTEGER',
          unit: 'cm',
          required: true,
          hardRange: { min: 50, max: 250 },
          softRange: { min: 140, max: 200 },
          helpText: 'Measured without shoes, to the nearest centimetre.',
        },
      ],
    },
  ],
  codeLists: [CL_SEX, CL_ETHNIC, CL_RACE],
  checks: [],
}
