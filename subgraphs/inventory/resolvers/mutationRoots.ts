import type { MutationResolvers } from '../generated/graphql'
import { emergencyUnblind } from '../unblinding/emergencyUnblind'
import { registerKitLot } from '../supply/kitRegistration'
import { createShipment, markShipmentShipped, receiveShipment } from '../supply/shipments'
import { dispenseKit, quarantineKits, returnKit } from '../supply/dispensing'
import { releaseQuarantine, setLowStockThreshold } from '../supply/supplyManagement'

export const Mutation: MutationResolvers = {
  registerKitLot: (_root, { input }, context) => registerKitLot(input, context),
  createShipment: (_root, { input }, context) => createShipment(input, context),
  markShipmentShipped: (_root, { shipmentId }, context) => markShipmentShipped(shipmentId, context),
  receiveShipment: (_root, { input }, context) => receiveShipment(input, context),
  dispenseKit: (_root, { input }, context) => dispenseKit(input, context),
  returnKit: (_root, { input }, context) => returnKit(input, context),
  quarantineKits: (_root, args, context) => quarantineKits(args, context),
  releaseQuarantine: (_root, args, context) => releaseQuarantine(args, context),
  setLowStockThreshold: (_root, args, context) => setLowStockThreshold(args, context),
  emergencyUnblind: (_root, { input }, context) => emergencyUnblind(input, context),
}
