#!/usr/bin/env bash
# Install Debian's PostgreSQL server binaries for tests/integration/postgres/test_serve_postgres.py
# (the test starts its own throw-away server; no system cluster is used).
# Idempotent: does nothing when initdb and pg_ctl are already there.
# Prints the binaries' directory (/usr/lib/postgresql/<major>/bin).
set -euo pipefail

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}

if bindir="$(find_bindir)"; then
  echo "postgresql already installed: $bindir"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends postgresql
bindir="$(find_bindir)"
echo "postgresql installed: $bindir"
