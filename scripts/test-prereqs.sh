#!/usr/bin/env bash
# `npm test` runs this first (npm's pretest): installs and starts whatever the suite needs and this
# machine lacks, so the README's test command passes on a fresh Debian machine with Node 20.
# Every step is idempotent and quick when the thing is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-postgres.sh      # integration suites run on real PostgreSQL as well as PGlite
bash scripts/ensure-chromium.sh      # the GraphiQL browser test drives Debian's chromium
if ! command -v openssl >/dev/null; then   # the key interop tests compare with openssl's output
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends openssl
fi
# The real-Janus suites: the Janus script installs Janus and janus-plugin-sfu when missing.
if [ -f scripts/janus.sh ]; then
  bash scripts/janus.sh install
fi
