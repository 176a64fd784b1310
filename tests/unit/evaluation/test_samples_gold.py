"""The bundled sample calls and their gold annotations stay consistent with the readers.

The gold files are the ground truth of the eval suite: every quote must point at
exactly one segment as the real reader sees it, otherwise recall/precision
figures computed against them mean nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from summarizer.evaluation.gold import load_gold, locate, resolve_gold
from summarizer.ingest.transcript import Transcript, read_transcript

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
GOLD_FILES = sorted(SAMPLES.glob("*.gold.json"))

TOP_KEYS = {
    "transcript", "meeting_date", "language", "client", "vendor", "meeting_type",
    "participants", "facts", "decisions", "risks", "commitments", "traps", "score",
}
MEETING_TYPES = {"discovery", "demo_poc", "negotiation", "qbr", "site_visit", "renewal", "other"}
RISK_CATEGORIES = {"budget", "legal", "it_security", "planning", "competition", "other"}
SIDES = {"client", "vendor"}
COMMITMENT_KINDS = {"next_step", "deliverable"}
TRAP_KINDS = {"wish", "hypothetical", "question", "vague"}
REQUIRED_FORMATS = {
    "vtt-teams", "vtt-zoom", "srt", "txt-utf8", "txt-cp1252", "json-object", "json-list", "docx",
}


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _transcript_path(gold: dict[str, Any]) -> Path:
    return SAMPLES / str(gold["transcript"])


def _format_of(path: Path) -> str:
    """The export flavour, as the README lists it (not only the suffix)."""
    suffix = path.suffix.lower()
    if suffix == ".vtt":
        return "vtt-teams" if "<v " in path.read_text(encoding="utf-8") else "vtt-zoom"
    if suffix == ".txt":
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            return "txt-cp1252"
        return "txt-utf8"
    if suffix == ".json":
        return "json-object" if isinstance(json.loads(path.read_text(encoding="utf-8")), dict) else "json-list"
    return suffix.lstrip(".")


def _evidence_lists(gold: dict[str, Any]) -> list[tuple[str, list[str]]]:
    out = []
    for section in ("facts", "decisions", "risks", "commitments", "traps"):
        for i, item in enumerate(gold[section]):
            out.append((f"{section}[{i}]", item["evidence"]))
    return out


@pytest.fixture(scope="module", params=GOLD_FILES, ids=[p.name for p in GOLD_FILES])
def case(request: pytest.FixtureRequest) -> tuple[dict[str, Any], Transcript]:
    gold = _load(request.param)
    return gold, read_transcript(_transcript_path(gold))


def test_enough_samples_cover_every_format_and_type() -> None:
    golds = [_load(p) for p in GOLD_FILES]
    assert len(golds) >= 9
    formats = {_format_of(_transcript_path(g)) for g in golds}
    assert REQUIRED_FORMATS <= formats, REQUIRED_FORMATS - formats
    assert MEETING_TYPES <= {g["meeting_type"] for g in golds}
    assert {"fr", "en"} <= {g["language"] for g in golds}
    dates = {dt.date.fromisoformat(g["meeting_date"]) for g in golds}
    assert min(dates) >= dt.date(2026, 11, 9) and max(dates) <= dt.date(2026, 11, 27)
    assert len(dates) >= 7, "meeting dates should vary"


def test_every_transcript_has_a_gold_file() -> None:
    annotated = {_load(p)["transcript"] for p in GOLD_FILES}
    transcripts = {
        p.name for p in SAMPLES.iterdir()
        if p.suffix in {".vtt", ".srt", ".txt", ".json", ".docx"} and not p.name.endswith(".gold.json")
    }
    assert transcripts == annotated


def test_gold_shape_and_enums(case: tuple[dict[str, Any], Transcript]) -> None:
    gold, _ = case
    assert set(gold) == TOP_KEYS
    assert gold["transcript"].rsplit(".", 1)[0] + ".gold.json" in {p.name for p in GOLD_FILES}
    assert gold["meeting_type"] in MEETING_TYPES
    assert gold["language"] in {"fr", "en"}
    assert gold["score"] is None
    assert 5 <= len(gold["facts"]) <= 7
    assert 1 <= len(gold["decisions"]) <= 3
    assert 1 <= len(gold["risks"]) <= 3
    assert 2 <= len(gold["commitments"]) <= 5
    assert 2 <= len(gold["traps"]) <= 4
    for p in gold["participants"]:
        assert set(p) == {"name", "side", "organization", "role"}
        assert p["side"] in SIDES and p["name"]
    for r in gold["risks"]:
        assert set(r) == {"text", "category", "evidence"} and r["category"] in RISK_CATEGORIES
    for section in ("facts", "decisions"):
        for item in gold[section]:
            assert set(item) == {"text", "evidence"} and item["text"]
    for t in gold["traps"]:
        assert set(t) == {"kind", "evidence"} and t["kind"] in TRAP_KINDS
    for c in gold["commitments"]:
        assert set(c) == {"kind", "text", "owner", "side", "due_date", "evidence"}
        assert c["kind"] in COMMITMENT_KINDS and c["side"] in SIDES
    sides = {c["side"] for c in gold["commitments"]}
    assert sides == SIDES, "at least one commitment on each side"


def test_participants_match_speakers(case: tuple[dict[str, Any], Transcript]) -> None:
    gold, transcript = case
    names = {p["name"] for p in gold["participants"]}
    assert len(names) == len(gold["participants"])
    assert 2 <= len(names) <= 5
    assert set(transcript.speakers) <= names, set(transcript.speakers) - names
    orgs = {p["organization"] for p in gold["participants"]}
    assert {gold["client"], gold["vendor"]} <= orgs


def test_owners_and_due_dates(case: tuple[dict[str, Any], Transcript]) -> None:
    gold, _ = case
    meeting = dt.date.fromisoformat(gold["meeting_date"])
    side_of = {p["name"]: p["side"] for p in gold["participants"]}
    for c in gold["commitments"]:
        if c["owner"] is not None:
            assert c["owner"] in side_of, c["owner"]
            assert side_of[c["owner"]] == c["side"], c["text"]
        if c["due_date"] is not None:
            assert dt.date.fromisoformat(c["due_date"]) >= meeting, c["text"]


def test_evidence_is_verbatim_in_exactly_one_segment(case: tuple[dict[str, Any], Transcript]) -> None:
    gold, transcript = case
    texts = [s.text for s in transcript.segments]
    for where, quotes in _evidence_lists(gold):
        assert quotes, f"{where}: no evidence"
        for quote in quotes:
            hits = sum(quote in t for t in texts)
            assert hits == 1, f"{where}: {quote!r} found in {hits} segments"


def test_file_metadata_agrees_with_gold(case: tuple[dict[str, Any], Transcript]) -> None:
    gold, transcript = case
    if transcript.meeting_date is not None:
        assert transcript.meeting_date.isoformat() == gold["meeting_date"]
    if transcript.language is not None:
        assert transcript.language == gold["language"]
    limit = (30, 45) if gold["meeting_type"] == "other" else (45, 90)
    assert limit[0] <= len(transcript.segments) <= limit[1] + 5


def test_eval_suite_accepts_the_gold(case: tuple[dict[str, Any], Transcript]) -> None:
    """The eval loader validates the file and resolves every quote to exactly one segment."""
    gold, transcript = case
    path = SAMPLES / (gold["transcript"].rsplit(".", 1)[0] + ".gold.json")
    parsed = load_gold(path)
    resolved = resolve_gold(parsed, transcript, name=path.name, strict=True)
    assert not resolved.unresolved
    for where, quotes in _evidence_lists(gold):
        for quote in quotes:
            assert len(locate(quote, transcript)) == 1, f"{where}: {quote!r} is ambiguous once normalised"


def test_committed_docx_matches_its_generator(tmp_path: Path) -> None:
    """samples/make_docx.py is the source of the .docx sample: they must not drift apart."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_docx", SAMPLES / "make_docx.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = read_transcript(module.build(tmp_path / "05-visite-site-usine-verdier.docx"))
    committed = read_transcript(SAMPLES / "05-visite-site-usine-verdier.docx")
    assert [(s.speaker, s.start, s.text) for s in rebuilt.segments] == [
        (s.speaker, s.start, s.text) for s in committed.segments
    ]
    assert rebuilt.meeting_date == committed.meeting_date == dt.date(2026, 11, 16)
