import type { MutationResolvers } from '../generated/graphql'
import { appError } from '../../../contracts/errors/errorRegistry'
import { badInput, ErrorCodes } from '../../../contracts/errors/commonErrorCodes'
import { forbidden } from '../../../access-policy/forbidden'
import { mayCreateStudy, mayManageStudy } from '../../../access-policy/studySetupPolicy'
import { requestActor } from '../../../subgraph-runtime/audit/auditActor'
import { parseId } from '../../../platform/ids'
import type { StudiesContext } from '../context'
import { createStudy } from '../setup/createStudy'
import { updateStudyStatus } from '../setup/updateStudyStatus'
import { activateSite, addSite, setSiteEnrollmentCap } from '../setup/siteSetup'

// A study's or site's row, when the caller manages its study; otherwise (or when there is none)
// the one FORBIDDEN answer, so nobody probes for ids.
async function managedStudy({ loaders, identity }: StudiesContext, rawId: string) {
  const id = parseId(rawId, 'studyId')
  const study = await loaders.studyById.load(id)
  if (!study || !mayManageStudy(identity, study.id)) throw forbidden('study', rawId)
  return study
}
async function managedSite({ loaders, identity }: StudiesContext, rawId: string) {
  const id = parseId(rawId, 'siteId')
  const site = await loaders.siteById.load(id)
  if (!site || !mayManageStudy(identity, site.studyId)) throw forbidden('site', rawId)
  return site
}

const MAX_TEXT = 2000
function requiredText(value: string, argumentName: string): string {
  const trimmed = value.trim()
  if (!trimmed) throw badInput(argumentName, `"${argumentName}" is required.`)
  if (trimmed.length > MAX_TEXT)
    throw badInput(argumentName, `"${argumentName}" is longer than ${MAX_TEXT} characters.`)
  return trimmed
}
function positive(value: number, argumentName: string): number {
  if (value < 1) throw badInput(argumentName, `"${argumentName}" must be at least 1, got ${value}.`)
  return value
}

const SITE_NUMBER = /^[A-Z0-9-]{1,16}$/
const COUNTRY = /^[A-Z]{2}$/
const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone.includes('/') || zone === 'UTC'
  } catch {
    return false
  }
}

export const Mutation: MutationResolvers = {
  createStudy: async (_root, { input }, { prisma, identity, requestId }) => {
    if (!mayCreateStudy(identity))
      throw appError(ErrorCodes.FORBIDDEN, 'Only an organisation-level study manager may create studies.')
    return createStudy(prisma, input, requestActor(identity, requestId), new Date())
  },

  updateStudyStatus: async (_root, args, context) => {
    const study = await managedStudy(context, args.studyId)
    const reason = requiredText(args.reason, 'reason')
    return updateStudyStatus(
      context.prisma,
      { study, status: args.status, reason },
      requestActor(context.identity, context.requestId),
      new Date(),
    )
  },

  addSite: async (_root, { input }, context) => {
    const study = await managedStudy(context, input.studyId)
    const siteNumber = input.siteNumber.trim().toUpperCase()
    if (!SITE_NUMBER.test(siteNumber))
      throw badInput(
        'siteNumber',
        `"siteNumber" must be 1-16 letters, digits and dashes, e.g. "104"; got "${input.siteNumber}".`,
      )
    const country = input.country.trim().toUpperCase()
    if (!COUNTRY.test(country)) throw badInput('country', `"country" must be an ISO 3166-1 alpha-2 code such as "DE".`)
    if (!isTimeZone(input.timeZone))
      throw badInput(
        'timeZone',
        `"timeZone" must be an IANA time zone such as "Europe/Berlin"; got "${input.timeZone}".`,
      )
    const enrollmentCap = positive(input.enrollmentCap, 'enrollmentCap')
    return addSite(
      context.prisma,
      {
        studyId: study.id,
        siteNumber,
        name: requiredText(input.name, 'name'),
        city: requiredText(input.city, 'city'),
        country,
        timeZone: input.timeZone,
        enrollmentCap,
        enrollmentTarget: positive(input.enrollmentTarget ?? enrollmentCap, 'enrollmentTarget'),
      },
      requestActor(context.identity, context.requestId),
      new Date(),
    )
  },

  activateSite: async (_root, args, context) => {
    const site = await managedSite(context, args.siteId)
    return activateSite(context.prisma, site.id, requestActor(context.identity, context.requestId), new Date())
  },

  setSiteEnrollmentCap: async (_root, args, context) => {
    const site = await managedSite(context, args.siteId)
    const change = { siteId: site.id, cap: positive(args.cap, 'cap'), reason: requiredText(args.reason, 'reason') }
    return setSiteEnrollmentCap(context.prisma, change, requestActor(context.identity, context.requestId), new Date())
  },
}
