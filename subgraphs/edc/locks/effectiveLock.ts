import type { DataLock, FormData, LockLevel, LockState, Prisma } from '../generated/prisma/client'
import { appError } from '../../../contracts/errors/errorRegistry'
import { effectiveLock, mayEditData, mayWorkQueries, mayVerify } from '../lifecycle/lockLevels'
import { EdcErrorCodes } from '../errorCodes'

type Reader = Pick<Prisma.TransactionClient, 'dataLock' | '$executeRaw'>
type FormPlace = Pick<FormData, 'id' | 'visitId' | 'patientId' | 'studyId'>

/** The four places a form's data can be frozen or locked, most specific first. */
export const lockTargetsOf = (form: FormPlace): [LockLevel, string][] => [
  ['FORM', form.id],
  ['VISIT', form.visitId],
  ['CASEBOOK', form.patientId],
  ['STUDY', form.studyId],
]

/** The most restrictive state over the form, its visit, the casebook and the study, and where it is set. */
export function lockOf(form: FormPlace, rows: readonly { level: LockLevel; targetId: string; state: LockState }[]) {
  const states = lockTargetsOf(form).map(
    ([level, id]) => rows.find((r) => r.level === level && r.targetId === id)?.state ?? 'NONE',
  )
  const state = effectiveLock(states)
  const level = state === 'NONE' ? null : lockTargetsOf(form)[states.indexOf(state)]![0]
  return { state, level }
}

/**
 * A change to data and a freeze/lock of the study's data must not pass each other: work on data
 * holds the study's lock shared until it commits, a freeze/lock takes it exclusively (a short wait
 * for saves in flight), so no save that read "not locked" commits after the lock did.
 */
export const holdStudyShared = (tx: Pick<Prisma.TransactionClient, '$executeRaw'>, studyId: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock_shared(hashtext(${`edc-lock:${studyId}`}))`
export const holdStudyExclusive = (tx: Pick<Prisma.TransactionClient, '$executeRaw'>, studyId: string) =>
  tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`edc-lock:${studyId}`}))`

async function currentLock(tx: Reader, form: FormPlace) {
  await holdStudyShared(tx, form.studyId)
  const rows = await tx.dataLock.findMany({ where: { targetId: { in: lockTargetsOf(form).map(([, id]) => id) } } })
  return { ...lockOf(form, rows), rows }
}

const refuse = (what: string, lock: ReturnType<typeof lockOf>) =>
  appError(EdcErrorCodes.DATA_LOCKED, `This ${lock.level?.toLowerCase()} is ${lock.state.toLowerCase()}: ${what}.`, {
    lock: lock.state,
    level: lock.level,
  })

/**
 * Refuses a change of values of frozen or locked data (DATA_LOCKED). Returns the lock rows read,
 * which hold until the change commits (the study's lock is held shared).
 */
export async function requireEditable(tx: Reader, form: FormPlace): Promise<DataLock[]> {
  const lock = await currentLock(tx, form)
  if (!mayEditData(lock.state)) throw refuse('its values cannot change', lock)
  return lock.rows
}

/** Refuses query work on locked data (frozen data keeps its queries going). */
export async function requireQueryable(tx: Reader, form: FormPlace): Promise<void> {
  const lock = await currentLock(tx, form)
  if (!mayWorkQueries(lock.state)) throw refuse('its queries cannot change', lock)
}

/** Refuses verification of locked data. */
export async function requireVerifiable(tx: Reader, form: FormPlace): Promise<void> {
  const lock = await currentLock(tx, form)
  if (!mayVerify(lock.state)) throw refuse('it cannot be verified', lock)
}
