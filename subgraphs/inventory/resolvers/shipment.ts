import type { ShipmentResolvers } from '../generated/graphql'

// Kit numbers and receipt conditions only: a shipment's kits carry no arm (blinded site staff receive it).
export const Shipment: ShipmentResolvers = {
  kits: async (shipment, _args, { loaders }) => loaders.shipmentKits.load(shipment.id),
}
