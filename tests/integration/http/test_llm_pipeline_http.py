"""The LLM backend inside the product: --fallback rules, and `crc eval --backend rules --backend llm`.

The scripted server plays a small keyword "model" that answers any transcript
with grounded items (quotes are whole numbered lines), so the real samples go
through the real client, validators, pipeline and eval runner.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openai_server import Reply, ScriptedServer, completion_body, error
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.extract.base import ExtractContext
from summarizer.ingest.transcript import read_transcript
from summarizer.pipeline import extract

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = ROOT / "samples"
_LINE = re.compile(r"^\[(\d+)\] [\d:-]+ ([^:]+): (.*)$", re.M)


def keyword_model(request: dict[str, Any]) -> Reply:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    lines = [(int(m.group(1)), m.group(2), m.group(3)) for m in _LINE.finditer(user)]

    def ev(i: int, text: str) -> list[dict[str, Any]]:
        return [{"segment": i, "quote": text}]

    facts = [{"text": t[:80], "evidence": ev(i, t)} for i, _, t in lines if re.search(r"\d", t)][:5]
    decisions = [{"text": t[:80], "evidence": ev(i, t)} for i, _, t in lines if re.search(r"on valide|d'accord|on part", t, re.I)][:3]
    steps = [
        {"action": t[:80], "owner": who, "evidence": ev(i, t)}
        for i, who, t in lines
        if re.search(r"\bje vous (envoie|enverrai|transmets)\b", t, re.I)
    ][:3]
    payload = {"meeting_type": "other", "facts": facts, "decisions": decisions, "next_steps": steps}
    return Reply(200, completion_body(request, json.dumps(payload, ensure_ascii=False)))


def _env(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    for key, value in {
        "OPENAI_BASE_URL": url, "OPENAI_API_KEY": "sk-test", "CRC_LLM_MODEL": "test-model",
        "CRC_LLM_MODE": "json_schema", "CRC_LLM_BACKOFF_INITIAL": "0.01", "CRC_LLM_BACKOFF_MAX": "0.02",
        "CRC_LLM_TRANSPORT_ATTEMPTS": "2", "CRC_LLM_CONTEXT_TOKENS": "32000",
    }.items():
        monkeypatch.setenv(key, value)


def test_fallback_rules_when_the_endpoint_is_down(monkeypatch: pytest.MonkeyPatch) -> None:
    transcript = read_transcript(SAMPLES / "01-decouverte-transports-ferrand.vtt")
    ctx = ExtractContext(meeting_date=dt.date(2026, 11, 18), client="Transports Ferrand", language="fr")
    with ScriptedServer(default=error(503, "maintenance")) as server:
        _env(monkeypatch, server.url)
        crc = extract(transcript, ctx, backend="llm", fallback="rules")
    assert server.counts() == (2, 0)
    assert crc.metadata.backend == "rules" and crc.metadata.fallback_from == "llm"
    assert any("503" in n for n in crc.metadata.notes)


def test_llm_backend_on_a_real_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    transcript = read_transcript(SAMPLES / "01-decouverte-transports-ferrand.vtt")
    ctx = ExtractContext(meeting_date=dt.date(2026, 11, 18), client="Transports Ferrand", language="fr")
    with ScriptedServer(default=keyword_model) as server:
        _env(monkeypatch, server.url)
        crc = extract(transcript, ctx, backend="llm")
    assert server.counts() == (1, 1)
    assert crc.metadata.backend == "llm" and crc.facts and crc.next_steps
    for step in crc.next_steps:
        assert step.owner in {p.name for p in crc.participants}


def test_eval_compares_both_backends(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("01-decouverte-transports-ferrand.vtt", "01-decouverte-transports-ferrand.gold.json"):
        (cases / name).write_bytes((SAMPLES / name).read_bytes())
    with ScriptedServer(default=keyword_model) as server:
        _env(monkeypatch, server.url)
        result = CliRunner().invoke(
            app, ["eval", "--cases", str(cases), "--backend", "rules", "--backend", "llm", "--out", str(tmp_path / "out")]
        )
    assert result.exit_code == 0, result.output
    assert server.counts() == (1, 1)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert {"rules", "llm"} <= set(json.dumps(report.get("backends")).replace('"', " ").split())
