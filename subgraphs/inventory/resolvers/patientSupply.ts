import type { AllocationResolvers, PatientResolvers } from '../generated/graphql'
import type { InventoryContext } from '../context'
import { mayReadSubjectKits, mayReadTreatmentArm } from '../../../access-policy/supplyPolicy'
import { forbidden } from '../../../access-policy/forbidden'
import { bareReference } from '../../../platform/ids'
import { armBlinded } from './armBlinded'

/** The subject as this context knows it, when the caller may see its kits; FORBIDDEN otherwise. */
async function readableSubject(patientId: string, { loaders, identity }: InventoryContext) {
  const subject = await loaders.subjectById.load(patientId)
  if (!subject) return null
  if (!mayReadSubjectKits(identity, subject)) throw forbidden('patient', patientId)
  return subject
}

// Patients belong to the patients context; this one adds the subject's kits and randomisation.
// `_entities` resolves a bare id: every field below decides access itself, so a representation
// sent straight to this subgraph meets the same rules as the gateway's path (§8 blinding).
export const Patient: PatientResolvers = {
  __resolveReference: bareReference,
  kits: async (patient, _args, context) => {
    if (!(await readableSubject(patient.id, context))) return null
    return context.loaders.kitsByPatient.load(patient.id)
  },
  allocation: async (patient, _args, context) => {
    if (!(await readableSubject(patient.id, context))) return null
    const entry = await context.loaders.entryByPatient.load(patient.id)
    return entry ? { patientId: patient.id, entry } : null
  },
}

export const Allocation: AllocationResolvers = {
  randomizationNumber: (allocation) => allocation.entry.randomizationNumber,
  randomizedAt: (allocation) => allocation.entry.randomizedAt!,
  arm: async ({ patientId, entry }, _args, { loaders, identity }) => {
    const [subject, unblindedBy] = await Promise.all([
      loaders.subjectById.load(patientId),
      loaders.unblindersByPatient.load(patientId),
    ])
    // The refusal is one constant sentence: nothing about the arm can travel in it.
    if (!subject || !mayReadTreatmentArm(identity, subject, unblindedBy)) throw armBlinded()
    return loaders.armById.load(entry.armId)
  },
}
