"""The held-out calls in eval/holdout are valid eval cases.

That set is never used to tune the extractor, so its figures are the honest
estimate; they only mean something if every gold quote points at exactly one
segment as the real reader sees it and owners/dates are consistent.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.evaluation.gold import load_gold, locate, resolve_gold
from summarizer.ingest.transcript import Transcript, read_transcript

HOLDOUT = Path(__file__).resolve().parents[3] / "eval" / "holdout"
GOLD_FILES = sorted(HOLDOUT.glob("*.gold.json"))
SECTIONS = ("facts", "decisions", "risks", "commitments", "traps")
TOP_KEYS = {
    "transcript", "meeting_date", "language", "client", "vendor", "meeting_type",
    "participants", "facts", "decisions", "risks", "commitments", "traps", "score",
}


def _raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@pytest.fixture(scope="module", params=GOLD_FILES, ids=[p.name for p in GOLD_FILES])
def case(request: pytest.FixtureRequest) -> tuple[Path, dict[str, Any], Transcript]:
    path: Path = request.param
    raw = _raw(path)
    return path, raw, read_transcript(HOLDOUT / raw["transcript"])


def test_holdout_has_five_distinct_calls() -> None:
    golds = [_raw(p) for p in GOLD_FILES]
    assert len(golds) == 5
    assert {g["meeting_type"] for g in golds} == {"discovery", "negotiation", "qbr", "demo_poc", "renewal"}
    assert {Path(g["transcript"]).suffix for g in golds} == {".vtt", ".txt", ".srt", ".json"}
    assert {g["language"] for g in golds} == {"fr", "en"}
    for g in golds:
        day = dt.date.fromisoformat(g["meeting_date"])
        assert dt.date(2026, 11, 2) <= day <= dt.date(2026, 12, 4)


def test_gold_validates_and_resolves_strictly(case: tuple[Path, dict[str, Any], Transcript]) -> None:
    """The eval loader accepts the file and finds every quote in exactly one segment."""
    path, raw, transcript = case
    assert set(raw) == TOP_KEYS
    resolved = resolve_gold(load_gold(path), transcript, name=path.name, strict=True)
    assert not resolved.unresolved
    texts = [s.text for s in transcript.segments]
    for section in SECTIONS:
        for i, item in enumerate(raw[section]):
            assert item["evidence"], f"{section}[{i}]: no evidence"
            for quote in item["evidence"]:
                assert sum(quote in t for t in texts) == 1, f"{section}[{i}]: {quote!r} not in exactly one segment"
                assert len(locate(quote, transcript)) == 1, f"{section}[{i}]: {quote!r} ambiguous once normalised"


def test_shape_of_each_call(case: tuple[Path, dict[str, Any], Transcript]) -> None:
    _, raw, transcript = case
    assert 40 <= len(transcript.segments) <= 80
    assert 5 <= len(raw["facts"]) <= 7
    assert 1 <= len(raw["decisions"]) <= 3
    assert 1 <= len(raw["risks"]) <= 3
    assert 2 <= len(raw["commitments"]) <= 5
    assert 2 <= len(raw["traps"]) <= 3
    assert {c["side"] for c in raw["commitments"]} == {"vendor", "client"}


def test_participants_owners_and_dates(case: tuple[Path, dict[str, Any], Transcript]) -> None:
    _, raw, transcript = case
    side_of = {p["name"]: p["side"] for p in raw["participants"]}
    assert set(transcript.speakers) == set(side_of)
    assert 2 <= len(side_of) <= 5
    assert {raw["client"], raw["vendor"]} <= {p["organization"] for p in raw["participants"]}
    meeting = dt.date.fromisoformat(raw["meeting_date"])
    for c in raw["commitments"]:
        if c["owner"] is not None:
            assert side_of[c["owner"]] == c["side"], c["text"]
        if c["due_date"] is not None:
            assert dt.date.fromisoformat(c["due_date"]) >= meeting, c["text"]
