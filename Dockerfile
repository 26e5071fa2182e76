# Safeguard's production image: the compiled start (docs/decisions/0009-compiled-production-start.md) against any
# PostgreSQL 15 or later named by DATABASE_URL (MIGRATION_DATABASE_URL for the owning role; see README "Deploy").
#   docker build -t safeguard .
#   docker run -p 3000:3000 -e DATABASE_URL=... -e MIGRATION_DATABASE_URL=... -e SESSION_SECRET=... -e BASE_URL=... safeguard

# 1. Compile: every dependency, then dist/ (server, CLI, migrations, templates) and public/build/ (browser bundle).
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
COPY scripts ./scripts
COPY public ./public
RUN npm run build

# 2. The production dependencies only (no tsx, no TypeScript, no test tools).
FROM node:20-slim AS dependencies
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# 3. The image: compiled code, assets and production dependencies, run by an unprivileged user.
FROM node:20-slim
ENV NODE_ENV=production \
    DEMO_MODE=off \
    PORT=3000
WORKDIR /app
COPY package.json ./
COPY bin ./bin
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/public ./public
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/health`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# DATABASE_URL is required: without it the app would start an embedded cluster inside the container.
# `exec` makes node PID 1, so `docker stop` (SIGTERM) stops it gracefully.
CMD ["sh", "-c", ": \"${DATABASE_URL:?set DATABASE_URL to the PostgreSQL database, postgres://user:password@host:5432/safeguard}\"; exec node dist/src/main.js"]
