#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers at 127.0.0.1:5432 for the integration suites:
# starts the Debian cluster when it is down, installs Debian's postgresql when it is missing.
# Tests create (and drop) their own databases; nothing else is touched.
set -euo pipefail

HOST=127.0.0.1
PORT=5432

ready() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }

if command -v pg_isready >/dev/null && ready; then
  echo "PostgreSQL is up at $HOST:$PORT"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if ! command -v pg_ctlcluster >/dev/null || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  echo "Installing PostgreSQL from Debian's packages..."
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends postgresql
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
conf_dir=/etc/postgresql/$version/main
# Tests connect as postgres over TCP without a password: trust loopback (as this machine kind ships).
if ! grep -qE '^host\s+all\s+all\s+127\.0\.0\.1/32\s+trust' "$conf_dir/pg_hba.conf"; then
  $SUDO sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$conf_dir/pg_hba.conf"
fi
echo "Starting PostgreSQL $version..."
$SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start || true

for _ in $(seq 1 30); do
  if ready; then
    echo "PostgreSQL is up at $HOST:$PORT"
    exit 0
  fi
  sleep 1
done
echo "PostgreSQL did not come up at $HOST:$PORT" >&2
exit 1
