# One image for every server of the supergraph; docker-compose picks the entry point per service.
# The servers and the web app are built in their own stage (it needs the dev tools: esbuild, Vite,
# the React types) and only the output is copied in: each server is one bundled file under dist/
# (npm run build, scripts/run/serverBuild.ts), and the gateway serves the web app at / from web/dist.
FROM node:20-bookworm-slim AS build
WORKDIR /build
ENV CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
COPY scripts/generatePrisma.sh scripts/generatePrisma.sh
COPY prisma prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production APOLLO_TELEMETRY_DISABLED=true CHECKPOINT_DISABLE=1
COPY package.json package-lock.json ./
COPY scripts/generatePrisma.sh scripts/generatePrisma.sh
COPY prisma prisma
# postinstall generates each subgraph's Prisma client from prisma/<subgraph>/schema.prisma.
RUN npm ci --omit=dev --no-audit --no-fund
COPY . .
COPY --from=build /build/dist dist
COPY --from=build /build/web/dist web/dist
# Export files (docker-compose mounts a volume here): a new volume takes this folder's owner.
RUN mkdir -p /var/lib/trial-exports && chown node:node /var/lib/trial-exports
USER node
