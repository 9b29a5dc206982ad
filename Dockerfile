# One image for every server of the supergraph; docker-compose picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=true CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
COPY scripts/generatePrisma.sh scripts/generatePrisma.sh
COPY prisma prisma
# postinstall generates each subgraph's Prisma client from prisma/<subgraph>/schema.prisma.
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
USER node
