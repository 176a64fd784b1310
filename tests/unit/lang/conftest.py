"""The test-only "xx" pack (``lang_xx/``), registered with one line as a real pack is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer.lang import LANGUAGES


@pytest.fixture
def xx(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.syspath_prepend(str(Path(__file__).parent))
    monkeypatch.setitem(LANGUAGES, "xx", "lang_xx")
    yield "xx"
