import type { ExportJob } from '../generated/prisma/client'

/** An export job as stored; ExportJob's resolvers receive it. */
export type ExportJobModel = ExportJob
