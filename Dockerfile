# ltihub server image: the `ltihub` command built from this repository.
#   docker build -t ltihub .
#   docker run -p 3000:3000 -e PUBLIC_URL=https://lti.example.edu -e LTIHUB_SECRET=... \
#     -v ltihub-data:/var/lib/ltihub ltihub
# See docs/operators/install.md.

# Stage 1: install every dependency, compile every package, then drop dev dependencies and sources.
FROM node:20-bookworm-slim AS build
# Build tools in case better-sqlite3 has no prebuilt binary for the platform.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY . .
RUN npm ci --no-audit --no-fund \
  && npm run build \
  && npm prune --omit=dev --no-audit --no-fund \
  && rm -rf packages/*/src packages/*/tsconfig*.json

# Stage 2: Node and the built packages only, run as the image's unprivileged `node` user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATA_DIR=/var/lib/ltihub
WORKDIR /opt/ltihub
COPY --from=build /build/package.json /build/package-lock.json ./
COPY --from=build /build/node_modules ./node_modules
COPY --from=build /build/packages ./packages
RUN mkdir -p /var/lib/ltihub && chown node:node /var/lib/ltihub
USER node
VOLUME ["/var/lib/ltihub"]
EXPOSE 3000
# Liveness only: the process answers HTTP (readiness, /health/ready, is for the load balancer).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.PORT + '/health/live').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "packages/cli/dist/main.js"]
CMD ["serve"]
