import { demoDataset } from '../../../demo-data'
import { formDefinitionSchema, type FormDefinition } from '../definitions/formDefinition'
import { publishedDefinitions } from '../forms/publishDefinition'
import { demoForms } from '../forms/demoForms'

// The demo casebooks are what a site could have saved through the API: every definition parses and
// validates, every entered value passes the hard checks of its form (demoForms throws otherwise),
// and the soft checks leave a realistic share of open queries.
const { patients, visits } = demoDataset().patients
const { edc } = demoDataset()

it('every demo definition is a valid form definition, unchanged by parsing', () => {
  for (const { definition } of edc.formDefinitions) {
    const typed: FormDefinition = definition
    expect(formDefinitionSchema.parse(typed)).toEqual(typed)
  }
  expect(() => publishedDefinitions(edc.formDefinitions)).not.toThrow()
})

it('builds every visit its forms, the entered values and the queries the soft checks open', () => {
  const definitions = publishedDefinitions(edc.formDefinitions)
  const eventForms = edc.eventDefs.flatMap((def) =>
    def.formOids.map((formOid, ordinal) => ({ studyId: def.studyId, visitType: def.visitType, formOid, ordinal })),
  )
  const built = demoForms({ patients, visits, definitions, eventForms, entries: edc.formEntries })
  expect(built.forms.filter((f) => f.status !== 'NOT_STARTED')).toHaveLength(edc.formEntries.length)
  expect(new Set(built.forms.map((f) => f.id)).size).toBe(built.forms.length)
  expect(built.queries.length).toBeGreaterThan(50)
  expect(built.queries.length).toBeLessThan(built.items.length * 0.05)
  expect(built.messages).toHaveLength(built.queries.length)
})
