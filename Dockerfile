# syntax=docker/dockerfile:1
# Node 24 is the current LTS line (engines allow >=20.19, which the tests also run on). Any Node 22
# or 24 Debian image works; override to build from a mirror (--build-arg NODE_IMAGE=...).
ARG NODE_IMAGE=node:24-slim

# Build stage: dev dependencies, the TypeScript compiler and, where sqlite3 has no prebuilt
# binary for the platform, a C++ toolchain. None of it reaches the shipped image.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# No source maps and no incremental build info in the image; then production dependencies only,
# without their source maps or sqlite3's compiler leftovers (only build/Release/*.node is loaded).
RUN npx tsc -p tsconfig.build.json --sourceMap false \
  && rm -f dist/.tsbuildinfo \
  && npm prune --omit=dev --no-audit --no-fund \
  && find node_modules -name '*.map' -type f -delete \
  && cd node_modules/sqlite3 \
  && rm -rf deps src build/Release/obj build/Release/obj.target build/Release/.deps build/Release/*.a

# Runtime stage: the compiled app and production node_modules, owned by root and so read-only to
# the unprivileged `node` user it runs as; only /data is the user's.
FROM ${NODE_IMAGE}
# tini as PID 1 forwards SIGTERM/SIGINT to node from the first instant (node installs its own
# handlers only once main.ts runs) and reaps zombies.
RUN apt-get update && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production PORT=3000 OVERSEER_DATA_DIR=/data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json manifest.yml .env.example ./
RUN mkdir -p /data && chown node:node /data
USER node
# A named volume is created from this directory and so starts owned by `node`. A bind mount keeps
# its host owner: it must be writable by uid 1000, or start-up fails naming OVERSEER_DATA_DIR.
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--max-semi-space-size=8", "dist/main.js"]
