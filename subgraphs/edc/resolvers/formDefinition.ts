import type { FormDefinitionResolvers } from '../generated/graphql'
import { definitionDocument } from '../forms/definitionDocument'

export const FormDefinition: FormDefinitionResolvers = {
  itemGroups: (row) =>
    definitionDocument(row).itemGroups.map((group) => ({
      ...group,
      items: group.items.map((item) => ({
        ...item,
        hardMin: item.hardRange?.min ?? null,
        hardMax: item.hardRange?.max ?? null,
        softMin: item.softRange?.min ?? null,
        softMax: item.softRange?.max ?? null,
        critical: item.critical ?? false,
      })),
    })),
  codeLists: (row) => definitionDocument(row).codeLists,
  publishedAt: (row) => row.createdAt,
  // The stored document is the parsed one, key order included: the text the digest was taken of.
  document: (row) => JSON.stringify(definitionDocument(row)),
}
