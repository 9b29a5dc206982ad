import type { Site, Study } from '../generated/prisma/client'

// What resolvers receive as parents (codegen mappers): this context owns both entities, so they
// are its storage rows.
export type StudyModel = Study
export type SiteModel = Site
