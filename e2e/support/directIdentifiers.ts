import type { DemoDataset } from '../../demo-data'

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * What would name a person in an export of one study: staff accounts' names, e-mails and phones
 * (any study's: a de-identified file names no one), and the study's subject numbers and patient
 * ids. `found` lists the patterns a text matches.
 */
export function directIdentifierPatterns(data: DemoDataset, studyId: string) {
  const patterns: RegExp[] = [
    ...data.users.users.flatMap((u) => [
      new RegExp(`\\b${escape(u.givenName)} ${escape(u.familyName)}\\b`),
      new RegExp(`\\b${escape(u.familyName)}\\b`),
      new RegExp(escape(u.email), 'i'),
      ...(u.phone ? [new RegExp(escape(u.phone)), new RegExp(escape(u.phone.replace(/\D/g, '')))] : []),
    ]),
    ...data.patients.patients
      .filter((p) => p.studyId === studyId)
      .flatMap((p) => [new RegExp(escape(p.subjectNumber)), new RegExp(p.id)]),
  ]
  return { found: (text: string) => patterns.filter((pattern) => pattern.test(text)).map((p) => p.source) }
}
