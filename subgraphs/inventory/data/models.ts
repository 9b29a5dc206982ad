import type { Arm, Kit, RandomizationEntry, Shipment } from '../generated/prisma/client'

// The storage shapes the resolvers receive (codegen mappers). Blinded types carry no arm: a Kit is
// the kit row only, an Allocation carries the arm's id solely for the field resolver that decides
// per caller whether to look it up.

export interface PatientRef {
  id: string
}
export interface SiteRef {
  id: string
}
export type KitModel = Kit
export type ArmModel = Pick<Arm, 'code' | 'name'>

export interface AllocationModel {
  patientId: string
  entry: Pick<RandomizationEntry, 'randomizationNumber' | 'randomizedAt' | 'armId'>
}

export interface SiteStockModel {
  siteId: string
  studyId: string
  availableKits: number
  lowStock: boolean
}

export interface ArmStockModel {
  arm: ArmModel
  available: number
  allocated: number
  quarantined: number
  threshold: number
}

export type ShipmentModel = Shipment

export interface ShipmentKitModel {
  kitNumber: string
  condition: string | null
}
