# syntax=docker/dockerfile:1
#
# HealthFlow server image: build on Debian 12, run on Debian 12 slim as a non-root user.
# The runtime stage holds only what `make install DESTDIR=/out PREFIX=/usr/local` produces:
#   /usr/local/bin/healthflow
#   /usr/local/share/healthflow/{migrations,data,web}
# Configuration is by environment only (DATABASE_URL, JWT_SECRET, ... - see
# docs/deployment/DEPLOYMENT_RUNBOOK.md); nothing secret is baked into the image.
# tests/deploy/dockerfile.test.mjs checks this file against the install layout.

ARG DEBIAN_RELEASE=12

# Node.js 20 for the portals (Vite 8 needs Node >= 20.19; Debian 12's own nodejs is 18): taken from
# the official Node image, built for the same Debian release.
FROM node:20-bookworm-slim AS node

############################ build stage ############################
FROM debian:${DEBIAN_RELEASE} AS build

ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates curl git make build-essential cmake ninja-build g++ pkg-config ccache \
      libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev \
      libsqlite3-dev libpq-dev libsodium-dev libssl-dev libqrencode-dev \
      libspdlog-dev libfmt-dev libcli11-dev libgtest-dev libbenchmark-dev sqlite3 \
 && rm -rf /var/lib/apt/lists/*

COPY --from=node /usr/local/bin/node /usr/local/bin/node
COPY --from=node /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version

WORKDIR /src

# Portal dependencies first, so the npm layer is cached while only C++ changes.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# The rest of the tree (.dockerignore keeps build output, node_modules and secrets out; .git stays
# in so the build stamp behind GET /version carries the real commit).
COPY . .

# make build -> build/healthflow; make install -> also builds the portals (npm run build:web) and
# installs both under /out. The packages above are all that scripts/install-deps.sh (run by make)
# wants, so it installs nothing here. The checks fail the image build when a part is missing.
RUN make build \
 && make install DESTDIR=/out PREFIX=/usr/local \
 && test -x /out/usr/local/bin/healthflow \
 && test -d /out/usr/local/share/healthflow/migrations \
 && test -d /out/usr/local/share/healthflow/data \
 && test -f /out/usr/local/share/healthflow/web/index.html

############################ runtime stage ############################
FROM debian:${DEBIAN_RELEASE}-slim AS runtime

ARG HF_UID=10001
ENV DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates curl \
      libsqlite3-0 libpq5 libsodium23 libssl3 libqrencode4 \
      libspdlog1.10 libfmt9 libboost-json1.81.0 libboost-url1.81.0 \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid ${HF_UID} healthflow \
 && useradd --system --uid ${HF_UID} --gid healthflow --home-dir /var/lib/healthflow \
      --shell /usr/sbin/nologin healthflow \
 && install -d -o healthflow -g healthflow -m 0750 /var/lib/healthflow

# Only the installed files (make install DESTDIR=/out PREFIX=/usr/local).
COPY --from=build /out/usr/local/bin/healthflow /usr/local/bin/healthflow
COPY --from=build /out/usr/local/share/healthflow/migrations /usr/local/share/healthflow/migrations
COPY --from=build /out/usr/local/share/healthflow/data /usr/local/share/healthflow/data
COPY --from=build /out/usr/local/share/healthflow/web /usr/local/share/healthflow/web

ENV HOST=0.0.0.0 \
    PORT=8080 \
    LOG_LEVEL=info \
    HF_DATA_DIR=/var/lib/healthflow \
    HF_WEB_ROOT=/usr/local/share/healthflow/web \
    HF_MIGRATIONS_DIR=/usr/local/share/healthflow/migrations \
    HF_REFERENCE_DATA_DIR=/usr/local/share/healthflow/data \
    DRAIN_TIMEOUT_SECONDS=10

USER 10001:10001
WORKDIR /var/lib/healthflow
VOLUME ["/var/lib/healthflow"]
EXPOSE 8080

# (No --start-period: dockerfilelint 1.8 rejects the hyphenated option; 3 x 30 s covers start-up.
#  On ECS the task definition's own healthCheck, with startPeriod, is the one that counts.)
HEALTHCHECK --interval=30s --timeout=5s --retries=3 \
  CMD curl -fsS --max-time 4 "http://127.0.0.1:${PORT}/health" > /dev/null || exit 1

# SIGTERM: the server stops accepting, drains in-flight requests (DRAIN_TIMEOUT_SECONDS), exits 0.
STOPSIGNAL SIGTERM
ENTRYPOINT ["healthflow"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080"]
