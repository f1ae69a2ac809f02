#!/usr/bin/env bash
# Ensures Debian's chromium is installed for the headless browser tests
# (playwright-core drives /usr/bin/chromium; tests never download a browser).
# Idempotent: only touches apt when the binary is missing.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ ! -x "$CHROMIUM" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends chromium
fi

"$CHROMIUM" --version
