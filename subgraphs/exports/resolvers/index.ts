import type { Resolvers } from '../generated/graphql'
import { exportJobQuery, exportJobsQuery } from './exportJobQueries'
import { startExport } from './startExport'
import { exportDownloadLink } from './exportDownloadLink'
import { exportProgressSubscription } from './exportProgress'
import { cancelExport } from './cancelExport'
import { exportJobResolvers } from './exportJob'

export const resolvers: Resolvers = {
  Query: { exportJob: exportJobQuery, exportJobs: exportJobsQuery },
  Mutation: { startExport, exportDownloadLink, cancelExport },
  Subscription: { exportProgress: exportProgressSubscription },
  ExportJob: exportJobResolvers,
}
