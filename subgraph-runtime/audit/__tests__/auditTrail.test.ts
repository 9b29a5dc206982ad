import {
  changedFields,
  auditRow,
  auditCreated,
  auditUpdated,
  type AuditEventInput,
  type AuditTrailWriter,
} from '../auditTrail'
import { toAuditJson } from '../auditJson'
import { requestActor, rolesOf, systemActor } from '../auditActor'
import type { Identity } from '../../../contracts/identity'

// The pure parts of the audit trail: which fields changed, how values are stored, that secrets
// never are, and who the actor is (who may read a trail: access-policy/__tests__/auditAccess.test.ts).

const ACTOR = { userId: 'u-1', role: 'CRC', requestId: 'req-1' }
const AT = new Date('2026-11-21T10:00:00.000Z')

describe('changedFields', () => {
  const cases: [
    string,
    object,
    object,
    readonly string[] | undefined,
    { field: string; oldValue: unknown; newValue: unknown }[],
  ][] = [
    ['nothing changed', { a: 1, b: 'x' }, { a: 1, b: 'x' }, undefined, []],
    ['one scalar changed', { a: 1, b: 'x' }, { a: 2, b: 'x' }, undefined, [{ field: 'a', oldValue: 1, newValue: 2 }]],
    ['null to a value', { by: null }, { by: 'u-2' }, undefined, [{ field: 'by', oldValue: null, newValue: 'u-2' }]],
    ['a value to null', { by: 'u-2' }, { by: null }, undefined, [{ field: 'by', oldValue: 'u-2', newValue: null }]],
    ['undefined and null are both "no value"', { a: undefined }, { a: null }, undefined, []],
    ['equal dates are equal', { at: new Date(AT) }, { at: new Date(AT) }, undefined, []],
    [
      'a date changed, stored as UTC text',
      { at: null },
      { at: AT },
      undefined,
      [{ field: 'at', oldValue: null, newValue: '2026-11-21T10:00:00.000Z' }],
    ],
    [
      '64-bit integers as decimal text',
      { n: 1n },
      { n: 9007199254740993n },
      undefined,
      [{ field: 'n', oldValue: '1', newValue: '9007199254740993' }],
    ],
    ['JSON compared by content, not key order', { j: { x: 1, y: [1, 2] } }, { j: { y: [1, 2], x: 1 } }, undefined, []],
    [
      'JSON changed deep inside',
      { j: [{ term: 'Nausea', grade: 1 }] },
      { j: [{ term: 'Nausea', grade: 2 }] },
      undefined,
      [{ field: 'j', oldValue: [{ term: 'Nausea', grade: 1 }], newValue: [{ term: 'Nausea', grade: 2 }] }],
    ],
    [
      'a field only in the new version',
      {},
      { added: true },
      undefined,
      [{ field: 'added', oldValue: null, newValue: true }],
    ],
    [
      'only the fields asked, in their order',
      { a: 1, b: 1, c: 1 },
      { a: 2, b: 2, c: 2 },
      ['c', 'a'],
      [
        { field: 'c', oldValue: 1, newValue: 2 },
        { field: 'a', oldValue: 1, newValue: 2 },
      ],
    ],
    [
      'secrets are never compared',
      { passwordHash: 'old', refresh_token_hash: 'h1' },
      { passwordHash: 'new', refresh_token_hash: 'h2' },
      undefined,
      [],
    ],
    ['a secret asked for by name is still skipped', { password: 'a' }, { password: 'b' }, ['password'], []],
  ]
  it.each(cases)('%s', (_label, before, after, fields, expected) => {
    expect(changedFields(before, after, fields)).toEqual(expected)
  })
})

describe('toAuditJson', () => {
  it.each<[string, unknown, unknown]>([
    [
      'drops secrets at any depth, whatever their spelling',
      {
        email: 'a@b',
        passwordHash: 'x',
        credential: { password_hash: 'y' },
        nested: { refreshToken: 't', RefreshTokenHash: 'h', accessToken: 'a', tokenHash: 'th', keep: 1 },
      },
      { email: 'a@b', nested: { keep: 1 } },
    ],
    ['drops undefined properties, keeps nulls', { a: undefined, b: null }, { b: null }],
    ['dates, bigints, non-finite numbers', [AT, 5n, Number.NaN], ['2026-11-21T10:00:00.000Z', '5', 'NaN']],
    ['value objects by their toJSON', { d: { toJSON: () => '1.50' } }, { d: '1.50' }],
  ])('%s', (_label, value, expected) => {
    expect(toAuditJson(value)).toEqual(expected)
  })
})

describe('rows', () => {
  it('a plain event: no field, absent values stay absent (SQL NULL)', () => {
    const row = auditRow(ACTOR, 'SIGN_OUT', { type: 'UserSession', id: 's-1' }, AT)
    expect(row).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      occurredAt: AT,
      actorUserId: 'u-1',
      actorRole: 'CRC',
      operation: 'SIGN_OUT',
      entityType: 'UserSession',
      entityId: 's-1',
      field: null,
      oldValue: undefined,
      newValue: undefined,
      reasonForChange: null,
      requestId: 'req-1',
      traceId: null,
    })
  })

  const recorder = () => {
    const written: AuditEventInput[] = []
    const writer: AuditTrailWriter = { auditEvent: { createMany: async ({ data }) => written.push(...data) } }
    return { written, writer }
  }

  it('CREATE keeps the whole record without its secrets', async () => {
    const { written, writer } = recorder()
    await auditCreated(
      writer,
      ACTOR,
      { type: 'User', id: 'u-9' },
      { id: 'u-9', email: 'x@y', credential: { passwordHash: 's' } },
      AT,
    )
    expect(written).toHaveLength(1)
    expect(written[0]).toMatchObject({ operation: 'CREATE', field: null, newValue: { id: 'u-9', email: 'x@y' } })
    expect(written[0]!.oldValue).toBeUndefined()
  })

  it('UPDATE writes one row per changed field with its reason, and nothing when nothing changed', async () => {
    const { written, writer } = recorder()
    const entity = { type: 'AdverseEventAlert', id: 'a-1' }
    const before = { status: 'OPEN', acknowledgedBy: null, acknowledgedAt: null, summary: 's' }
    const after = { status: 'ACKNOWLEDGED', acknowledgedBy: 'u-1', acknowledgedAt: AT, summary: 's' }
    expect(await auditUpdated(writer, ACTOR, entity, { before, after, reasonForChange: 'seen' }, AT)).toBe(3)
    expect(written.map((r) => [r.operation, r.field, r.oldValue, r.newValue, r.reasonForChange])).toEqual([
      ['UPDATE', 'status', 'OPEN', 'ACKNOWLEDGED', 'seen'],
      ['UPDATE', 'acknowledgedBy', undefined, 'u-1', 'seen'],
      ['UPDATE', 'acknowledgedAt', undefined, '2026-11-21T10:00:00.000Z', 'seen'],
    ])
    expect(await auditUpdated(writer, ACTOR, entity, { before: after, after }, AT)).toBe(0)
    expect(written).toHaveLength(3)
  })
})

describe('actors', () => {
  const identity = (...roles: string[]): Identity => ({
    userId: 'u-1',
    sessionId: 's',
    grants: roles.map((role) => ({ role, studyId: 'st', siteId: null, patientId: null }) as Identity['grants'][number]),
  })
  it.each<[string, Identity | null, { userId: string | null; role: string }]>([
    ['anonymous', null, { userId: null, role: 'ANONYMOUS' }],
    ['one role', identity('CRC'), { userId: 'u-1', role: 'CRC' }],
    ['roles once each, sorted', identity('MONITOR', 'CRC', 'MONITOR'), { userId: 'u-1', role: 'CRC,MONITOR' }],
    ['no role at all', identity(), { userId: 'u-1', role: 'NONE' }],
  ])('%s', (_label, who, expected) => {
    expect(requestActor(who, 'r')).toEqual({ ...expected, requestId: 'r', traceId: null }) // no trace outside a request
  })
  it('the system', () => {
    expect(systemActor('event:1')).toEqual({ userId: null, role: 'SYSTEM', requestId: 'event:1', traceId: null })
    expect(rolesOf([])).toBe('NONE')
  })
})
