# syntax=docker/dockerfile:1
# polychat: one image for every role (docs/deploy.md).
#   docker build -t polychat .
#   docker run polychat --role api          (or worker, or api,worker)
#   docker run --entrypoint node polychat dist/src/cli/main.js migrate
# Configuration comes from the environment only (src/config/schema.ts lists every variable).

ARG NODE_VERSION=20

# Shared base: the same Debian and Node as the runtime, so native modules built here load there.
FROM node:${NODE_VERSION}-bookworm-slim AS base
WORKDIR /app

# argon2 is a native module: it ships prebuilt binaries for linux x64/arm64 (glibc), and this
# toolchain compiles it where none fits. Only the dependency stages have it, never the runtime.
FROM base AS toolchain
ENV SCARF_ANALYTICS=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends python3 make g++ \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./

# Production dependencies only, exactly as locked.
FROM toolchain AS prod-deps
RUN npm ci --omit=dev && npm cache clean --force

# The compiled app: dist/src (the app and CLI), dist/migrations (node-pg-migrate files) and
# dist/web (the web client's static files, built by Vite; the api serves them at /).
FROM toolchain AS build
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM base AS runtime
ENV NODE_ENV=production \
    NODE_OPTIONS=--enable-source-maps \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    LOG_DIR=""
COPY package.json ./
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The promoted models (docs/decisions/0037); mount a volume over it to promote without a new image.
COPY data/models ./data/models
# The image's `node` user; the files stay root-owned, so the process cannot rewrite its own code.
USER 1000:1000
EXPOSE 8080
STOPSIGNAL SIGTERM
# Every role serves /healthz on HTTP_PORT; slim images have no curl, node's fetch does the probe.
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HTTP_PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "dist/src/main.js"]
CMD ["--role", "api,worker"]
