import type { ExportHeader, StudyMetadata, SubjectRecord } from '../formats/exportModel'
import type { StoredSubject } from '../deidentify/deidentifier'

/** A small study in the exporter's model: two forms, a code list, units, an audited change. */
export const sampleStudy: StudyMetadata = {
  oid: 'S.TEST-1',
  protocolId: 'TEST-1',
  title: 'A test study with <markup> & "quotes"',
  sponsorName: 'Test Sponsor',
  events: [
    { oid: 'SE.BASELINE', name: 'Baseline', repeating: false, formOids: ['F.DM', 'F.VS'] },
    { oid: 'SE.UNSCHEDULED', name: 'Unscheduled visit', repeating: true, formOids: ['F.DM', 'F.VS'] },
  ],
  forms: [
    {
      oid: 'F.DM',
      name: 'Demographics',
      version: 1,
      groups: [
        {
          oid: 'IG.DM',
          name: 'Demographics',
          repeating: false,
          items: [
            {
              oid: 'I.BRTHYR',
              label: 'Year of birth',
              dataType: 'INTEGER',
              unit: null,
              maxLength: null,
              precision: null,
              codeListOid: null,
            },
            {
              oid: 'I.SEX',
              label: 'Sex',
              dataType: 'CODED',
              unit: null,
              maxLength: null,
              precision: null,
              codeListOid: 'CL.SEX',
            },
            {
              oid: 'I.COMMENT',
              label: 'Comment',
              dataType: 'TEXT',
              unit: null,
              maxLength: 200,
              precision: null,
              codeListOid: null,
            },
          ],
        },
      ],
    },
    {
      oid: 'F.VS',
      name: 'Vital signs',
      version: 2,
      groups: [
        {
          oid: 'IG.VS',
          name: 'Vital signs',
          repeating: true,
          items: [
            {
              oid: 'I.VSDAT',
              label: 'Date',
              dataType: 'DATE',
              unit: null,
              maxLength: null,
              precision: null,
              codeListOid: null,
            },
            {
              oid: 'I.SYSBP',
              label: 'Systolic',
              dataType: 'INTEGER',
              unit: 'mm[Hg]',
              maxLength: null,
              precision: null,
              codeListOid: null,
            },
            {
              oid: 'I.TEMP',
              label: 'Temperature',
              dataType: 'DECIMAL',
              unit: 'Cel',
              maxLength: null,
              precision: 1,
              codeListOid: null,
            },
          ],
        },
      ],
    },
  ],
  codeLists: [
    {
      oid: 'CL.SEX',
      name: 'Sex',
      items: [
        { codedValue: 'F', decode: 'Female' },
        { codedValue: 'M', decode: 'Male' },
      ],
    },
  ],
  sites: [
    { oid: 'LOC.101', siteNumber: '101', name: 'Northbridge Oncology', country: 'GB' },
    { oid: 'LOC.102', siteNumber: '102', name: 'Small Clinic', country: 'DE' },
  ],
}

export const headerFor = (over: Partial<ExportHeader> = {}): ExportHeader => ({
  exportId: 'e1b2c3',
  createdAt: '2026-12-05T10:00:00.000Z',
  profile: 'identified',
  deidentified: false,
  includeAudit: true,
  datasets: null,
  ...over,
})

const DM_USER = {
  oid: 'U.8f7c2a10-0000-4000-8000-000000000001',
  displayName: 'Ingrid Nilsson',
  givenName: 'Ingrid',
  familyName: 'Nilsson',
  email: 'ingrid.nilsson@example.org',
  organization: 'Northbridge CRO',
}

export function storedSubject(n: number, siteOid = 'LOC.101', yearOfBirth = 1961): StoredSubject {
  const record: SubjectRecord = {
    subjectKey: `TEST-1-101-000${n}`,
    siteOid,
    sex: 'FEMALE',
    yearOfBirth,
    ageGroup: null,
    enrollmentStatus: 'ENROLLED',
    screeningDate: '2026-03-02',
    enrollmentDate: '2026-03-09',
    withdrawnOn: null,
    visits: [
      {
        eventOid: 'SE.BASELINE',
        repeatKey: null,
        visitNumber: 1,
        name: 'Baseline',
        status: 'COMPLETED',
        scheduledDate: '2026-03-09',
        actualDate: '2026-03-10',
        forms: [
          {
            formOid: 'F.DM',
            version: 1,
            status: 'COMPLETE',
            completedAt: '2026-03-10T09:30:00.000Z',
            values: [
              { groupOid: 'IG.DM', groupRepeatKey: 1, itemOid: 'I.BRTHYR', value: String(yearOfBirth), audit: [] },
              { groupOid: 'IG.DM', groupRepeatKey: 1, itemOid: 'I.SEX', value: 'F', audit: [] },
              {
                groupOid: 'IG.DM',
                groupRepeatKey: 1,
                itemOid: 'I.COMMENT',
                value: 'Called Mrs Jane Doe at 555-0100',
                audit: [],
              },
            ],
          },
          {
            formOid: 'F.VS',
            version: 2,
            status: 'COMPLETE',
            completedAt: '2026-03-10T10:00:00.000Z',
            values: [
              { groupOid: 'IG.VS', groupRepeatKey: 1, itemOid: 'I.VSDAT', value: '2026-03-10', audit: [] },
              {
                groupOid: 'IG.VS',
                groupRepeatKey: 1,
                itemOid: 'I.SYSBP',
                value: '127',
                audit: [
                  {
                    userOid: DM_USER.oid,
                    siteOid,
                    occurredAt: '2026-03-10T10:00:00.000Z',
                    operation: 'UPDATE',
                    oldValue: null,
                    newValue: '172',
                    reasonForChange: null,
                  },
                  {
                    userOid: DM_USER.oid,
                    siteOid,
                    occurredAt: '2026-03-11T08:00:00.000Z',
                    operation: 'UPDATE',
                    oldValue: '172',
                    newValue: '127',
                    reasonForChange: 'Transcription error, per Ingrid',
                  },
                ],
              },
              { groupOid: 'IG.VS', groupRepeatKey: 2, itemOid: 'I.TEMP', value: null, audit: [] },
            ],
          },
        ],
      },
    ],
    labs: [
      {
        id: `lab-${n}`,
        loincCode: '718-7',
        name: 'Hemoglobin',
        value: 13.2,
        valueText: null,
        unit: 'g/dL',
        low: 12,
        high: 16,
        abnormalFlag: 'N',
        collectedAt: '2026-03-10T08:15:00.000Z',
      },
    ],
    diaries: [
      {
        id: `diary-${n}`,
        questionnaireCode: 'PAIN-DAILY',
        entryDate: '2026-03-12',
        painScore: 7,
        symptoms: [{ term: 'Nausea', grade: 2 }],
        late: false,
      },
    ],
    alerts: [
      {
        id: `alert-${n}`,
        rule: 'PAIN_SEVERE',
        severity: 'SEVERE',
        ctcaeTerm: 'Pain',
        ctcaeGrade: 3,
        summary: 'Pain 9/10 reported by Jane',
        detectedAt: '2026-03-12T20:01:00.000Z',
        status: 'OPEN',
      },
    ],
    people: [DM_USER],
  }
  return { patientId: `00000000-0000-4000-8000-00000000000${n}`, record }
}

export async function* streamOf<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item
}

/** Everything an exporter writes, as one buffer. */
export async function collect(
  write: (out: (chunk: string | Uint8Array) => Promise<void>) => Promise<void>,
): Promise<Buffer> {
  const chunks: Buffer[] = []
  await write(async (chunk) => {
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
  })
  return Buffer.concat(chunks)
}
