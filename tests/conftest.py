"""Shared fixtures: paths to the repo's samples and the shared audio clips."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED_AUDIO = ROOT.parent / "shared" / "data" / "audio"


@pytest.fixture
def samples_dir() -> Path:
    return SAMPLES
