# roomkey: multi-stage build. The final image holds the compiled server and production
# dependencies only, runs as the unprivileged `node` user and reports health on /healthz.
# Docker is not available on the machine this repository is developed on: the image is checked by
# test/unit/deployment.test.ts (structure, environment), not built there.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ormconfig.ts ./
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=4000 \
    DATA_DIR=/var/lib/roomkey
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The admin page's static files are read from src/ at start (tsc does not copy them into dist/).
COPY --from=build /app/src/http/admin-page ./src/http/admin-page
# DATA_DIR holds PGlite files when DATABASE_URL is unset; the app itself stays read-only for `node`.
RUN mkdir -p /var/lib/roomkey && chown node:node /var/lib/roomkey
USER node
EXPOSE 4000
# Liveness only (/healthz): a database outage must not get every instance restarted. Load
# balancers should route by /readyz, which also fails while the database is down or shutting down.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM: keeps serving SHUTDOWN_DELAY_MS with /readyz at 503, then drains (see README).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
