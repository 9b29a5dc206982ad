import type { Resolvers } from '../generated/graphql'
import { Mutation } from './mutationRoots'
import { Query } from './queryRoots'
import { Allocation, Patient } from './patientSupply'
import { Site, SiteStock } from './siteStock'
import { Shipment } from './shipment'

export const resolvers: Resolvers = { Query, Mutation, Patient, Allocation, Site, SiteStock, Shipment }
