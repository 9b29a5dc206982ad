import type { SdvWorklistConnectionResolvers } from '../generated/graphql'

export const SdvWorklistConnection: SdvWorklistConnectionResolvers = {
  edges: (page) => page.entries.map((e) => ({ ...e, node: e.form })),
  pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.entries.at(-1)?.cursor ?? null }),
}
