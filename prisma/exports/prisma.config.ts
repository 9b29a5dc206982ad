import { subgraphPrismaConfig } from '../subgraphPrismaConfig'

export default subgraphPrismaConfig(__dirname)
