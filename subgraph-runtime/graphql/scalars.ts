import { GraphQLError, GraphQLScalarType, Kind } from 'graphql'
import { ErrorCodes } from '../../contracts/errors/commonErrorCodes'
import { appError } from '../../contracts/errors/errorRegistry'

// Dates travel as strings: DateTime is an RFC 3339 UTC instant, Date a calendar day (YYYY-MM-DD).
// Prisma hands both back as JS Dates (a @db.Date column as midnight UTC).

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/

function toDate(value: unknown): Date {
  const date =
    value instanceof Date ? value : typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined
  if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`Expected a date, got ${JSON.stringify(value)}.`)
  return date
}

function parseDateTime(text: unknown): Date {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) {
    throw appError(
      ErrorCodes.BAD_USER_INPUT,
      `DateTime must be an RFC 3339 timestamp with a time zone, e.g. "2026-11-21T08:30:00Z"; got ${JSON.stringify(text)}.`,
    )
  }
  return toDate(text)
}

function parseDateOnly(text: unknown): Date {
  if (typeof text !== 'string' || !DATE_ONLY.test(text) || Number.isNaN(new Date(`${text}T00:00:00Z`).getTime())) {
    throw appError(ErrorCodes.BAD_USER_INPUT, `Date must be a calendar date "YYYY-MM-DD"; got ${JSON.stringify(text)}.`)
  }
  return new Date(`${text}T00:00:00Z`)
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant in UTC, RFC 3339, e.g. "2026-11-21T08:30:00.000Z".',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(ast.kind === Kind.STRING ? ast.value : undefined),
})

export const DateScalar = new GraphQLScalarType<Date, string>({
  name: 'Date',
  description: 'A calendar date without time zone, "YYYY-MM-DD".',
  serialize: (value) => calendarDate(value as Date | string),
  parseValue: parseDateOnly,
  parseLiteral: (ast) => parseDateOnly(ast.kind === Kind.STRING ? ast.value : undefined),
})

/** A Date argument as resolvers receive it (parsed to a Date at UTC midnight) back to "YYYY-MM-DD". */
export const calendarDate = (value: Date | string): string =>
  typeof value === 'string' && DATE_ONLY.test(value) ? value : toDate(value).toISOString().slice(0, 10)
