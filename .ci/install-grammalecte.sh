#!/usr/bin/env bash
# Install Debian's Grammalecte (French grammar checker) for the eval's grammar metric
# (summarizer/evaluation/language_checks.py imports it from Debian's dist-packages; the metric is
# skipped with a note when it is absent). Idempotent: does nothing when the package is installed.
set -euo pipefail

if [ -d /usr/lib/python3/dist-packages/grammalecte ]; then
  echo "grammalecte already installed: /usr/lib/python3/dist-packages/grammalecte"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get -o DPkg::Lock::Timeout=600 update
$SUDO apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends python3-grammalecte
echo "grammalecte installed: /usr/lib/python3/dist-packages/grammalecte"
