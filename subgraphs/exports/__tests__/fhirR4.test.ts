import { validateFhirResource } from '../../../test/support/fhirSchema'
import { subjectResources } from '../formats/fhirR4'
import { headerFor, sampleStudy, storedSubject } from './sampleStudy'

const resources = [...subjectResources(headerFor({ includeAudit: false }), sampleStudy, storedSubject(1).record)]

it('every resource of a subject is valid FHIR R4', () => {
  expect(resources.map((r) => r.resourceType)).toEqual([
    'Patient',
    'ResearchSubject',
    'Observation',
    'QuestionnaireResponse',
    'AdverseEvent',
  ])
  for (const r of resources) expect(validateFhirResource(r)).toEqual([])
})

it.each([
  ['a gender outside its value set', 'Patient', { gender: 'woman' }],
  ['an unknown element', 'Patient', { nickname: 'Jo' }],
  ['a mandatory primitive left out (Observation.status)', 'Observation', { status: undefined }],
  ['a mandatory reference left out (ResearchSubject.study)', 'ResearchSubject', { study: undefined }],
  ['a malformed date', 'QuestionnaireResponse', { authored: '12 March 2026' }],
])('the validator refuses %s', (_name, type, change) => {
  const resource = { ...resources.find((r) => r.resourceType === type)!, ...change }
  for (const [key, value] of Object.entries(change))
    if (value === undefined) delete (resource as Record<string, unknown>)[key]
  expect(validateFhirResource(resource)).not.toEqual([])
})
