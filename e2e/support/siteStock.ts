import { demoDataset } from '../../demo-data'
import { demoSupply } from '../../subgraphs/inventory/demo/demoSupply'
import { crcAt, unblindedPharmacistAt } from '../../test/support/demoAccounts'
import type { SupergraphUnderTest } from './supergraphUnderTest'

/**
 * A demo site's stock as the suites arrange it. Inventory's demo rows are a pure function of the
 * demo dataset, so a suite knows each available kit's arm and the arms its site's randomisation
 * list draws next without reading inventory's database; the unblinded pharmacist's per-arm counts
 * (through the gateway) confirm the premise before a test relies on it.
 */
export function demoStockAt(siteId: string) {
  const supply = demoSupply(demoDataset())
  const armCode = (armId: string) => supply.arms.find((a) => a.id === armId)!.code
  const availableByArm: Record<string, string[]> = {}
  for (const kit of supply.kits.filter((k) => k.siteId === siteId && k.status === 'AVAILABLE')) {
    const arm = armCode(supply.treatments.find((t) => t.kitId === kit.id)!.armId)
    ;(availableByArm[arm] ??= []).push(kit.kitNumber)
  }
  const nextArms = supply.entries
    .filter((e) => e.siteId === siteId && !e.patientId)
    .sort((a, b) => a.position - b.position)
    .map((e) => armCode(e.armId))
  return { availableByArm, nextArms }
}

export interface ArmStock {
  arm: { code: string }
  available: number
  allocated: number
  quarantined: number
}

/** Per arm, as the site's unblinded pharmacist reads it (the only role that may). */
export async function stockByArm(supergraph: SupergraphUnderTest, siteId: string): Promise<Record<string, ArmStock>> {
  const { body } = await supergraph.post(
    `query($id: ID!) { site(id: $id) { stock { byArm { arm { code } available allocated quarantined } } } }`,
    { id: siteId },
    { as: unblindedPharmacistAt(siteId) },
  )
  if (body.errors) throw new Error(`stock by arm: ${JSON.stringify(body.errors)}`)
  return Object.fromEntries((body.data!.site.stock.byArm as ArmStock[]).map((s) => [s.arm.code, s]))
}

/** Sets kits aside as the site's CRC would (they stay at the site, never allocated or dispensed). */
export async function quarantineKits(
  supergraph: SupergraphUnderTest,
  siteId: string,
  kitNumbers: readonly string[],
): Promise<void> {
  if (kitNumbers.length === 0) return
  const { body } = await supergraph.post(
    `mutation($site: ID!, $kits: [String!]!) { quarantineKits(siteId: $site, kitNumbers: $kits, reason: "Temperature excursion in the site fridge") { status } }`,
    { site: siteId, kits: kitNumbers },
    { as: crcAt(siteId) },
  )
  if (body.errors) throw new Error(`quarantine: ${JSON.stringify(body.errors)}`)
}
