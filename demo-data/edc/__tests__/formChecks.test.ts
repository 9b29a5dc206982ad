// The independent checker the demo-data tests rely on refuses what it should.
import { CL_YN } from '../forms/codeLists'
import type { ItemDef } from '../odmTypes'
import { hardProblem } from './formChecks'

const item = (over: Partial<ItemDef>): ItemDef => ({
  oid: 'I.X',
  label: 'X',
  dataType: 'TEXT',
  required: true,
  ...over,
})
const TODAY = '2026-11-15'

it.each([
  [item({ dataType: 'INTEGER', hardRange: { min: 40, max: 300 } }), '301', 'outside the hard range'],
  [item({ dataType: 'INTEGER' }), '12.0', 'not an integer'],
  [item({ dataType: 'DECIMAL', precision: 1 }), '36.75', 'too many decimals'],
  [item({ dataType: 'DATE' }), '2026-02-30', 'not a date'],
  [item({ dataType: 'DATE' }), '2026-11-16', 'in the future'],
  [item({ dataType: 'PARTIAL_DATE' }), '2026-13', 'no such month'],
  [item({ dataType: 'PARTIAL_DATE' }), '2027', 'in the future'],
  [item({ dataType: 'CODED', codeListOid: 'CL.YN' }), 'YES', 'not in its code list'],
  [item({ dataType: 'TEXT', maxLength: 3 }), 'abcd', 'too long'],
])('refuses %#: %s', (def, value, problem) => {
  expect(hardProblem(def, [CL_YN], value, TODAY)).toBe(problem)
})

it.each([
  [item({ dataType: 'DECIMAL', precision: 1, hardRange: { min: 30, max: 45 } }), '36.7'],
  [item({ dataType: 'PARTIAL_DATE' }), '2026-11'],
  [item({ dataType: 'DATE' }), TODAY],
  [item({ dataType: 'CODED', codeListOid: 'CL.YN' }), 'Y'],
])('accepts %#: %s', (def, value) => {
  expect(hardProblem(def, [CL_YN], value, TODAY)).toBeNull()
})
