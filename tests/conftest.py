"""Shared fixtures: paths to the repo's samples and the shared audio clips."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# Test helpers (scripted OpenAI server, fixtures, factories) live in tests/support/.
sys.path.insert(0, str(Path(__file__).resolve().parent / "support"))

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED_AUDIO = ROOT.parent / "shared" / "data" / "audio"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
