# syntax=docker/dockerfile:1
# Build stage: compiles TypeScript and the native SQLite module. Node 24 is the current LTS line
# (package.json's engines allow >=20.19, which the tests also run on).
FROM node:24-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

# Runtime stage: just the compiled app, its production dependencies, and a non-root user.
FROM node:24-slim
ENV NODE_ENV=production PORT=3000 OVERSEER_DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json manifest.yml .env.example ./
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node itself is PID 1 (no npm, no shell in between): `docker stop`'s SIGTERM reaches the bot,
# which drains in-flight work for up to 5 s and releases /data.
CMD ["node", "dist/main.js"]
