"""Pure parts of the LLM backend: settings, prompts, tokens, chunks, merge, grounding, dates, retry waits."""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import time
from typing import Any

import httpx2
import openai
import pytest
from openai_server import ScriptedServer, answer, error

from summarizer.errors import ConfigError
from summarizer.extract.base import ExtractContext
from summarizer.extract.llm import chunks as llm_chunks
from summarizer.extract.llm.chunks import (
    count_tokens,
    dedupe,
    estimate_tokens,
    merge_extractions,
    numbered_line,
    split_chunks,
)
from summarizer.extract.llm.extractor import (
    chunk_budget,
    drop_wishes,
    exact_quote,
    extraction_messages,
    load_prompt,
    render_prompt,
    settle_due_dates,
)
from summarizer.extract.llm.models import (
    Grounding,
    LlmExtraction,
    grounding_errors,
    parse_extraction,
    resolve_name,
)
from summarizer.extract.llm.settings import LlmSettings, load_settings
from summarizer.extract.llm.transport import (
    CallStats,
    _Wait,
    is_retryable,
    retry_after_seconds,
    robust_create,
)
from summarizer.ingest.transcript import Segment, Transcript

MEETING = dt.date(2026, 11, 18)


def transcript(n: int = 20, words: int = 12) -> Transcript:
    segs = [
        Segment(index=i, start=i * 5.0, speaker="Ana Roy" if i % 2 else "Bo Lind", text=" ".join([f"mot{i}"] * words))
        for i in range(n)
    ]
    return Transcript(segments=segs)


# --- settings ---------------------------------------------------------------------


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1")
    monkeypatch.setenv("CRC_LLM_MODEL", "llama3.1:8b")
    monkeypatch.setenv("CRC_LLM_MODE", "tools")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    s = load_settings().require()
    assert (s.base_url, s.model, s.mode, s.temperature) == ("http://localhost:11434/v1", "llama3.1:8b", "tools", 0.0)
    assert s.effective_api_key == "not-needed"


@pytest.mark.parametrize(
    ("env", "needle"),
    [
        ({"OPENAI_BASE_URL": "http://x/v1"}, "CRC_LLM_MODEL"),
        ({"CRC_LLM_MODEL": "gpt-4o-mini"}, "OPENAI_API_KEY"),
        ({"CRC_LLM_MODEL": "m", "OPENAI_BASE_URL": "localhost:11434"}, "OPENAI_BASE_URL"),
        ({"CRC_LLM_MODEL": "m", "OPENAI_API_KEY": "k", "CRC_LLM_MODE": "xml"}, "CRC_LLM_MODE"),
        ({"CRC_LLM_MODEL": "m", "OPENAI_API_KEY": "k", "CRC_LLM_TIMEOUT": "soon"}, "CRC_LLM_TIMEOUT"),
    ],
)
def test_settings_errors_name_the_variable(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], needle: str) -> None:
    for key in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "CRC_LLM_MODEL", "CRC_LLM_MODE", "CRC_LLM_TIMEOUT"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with pytest.raises(ConfigError, match=needle) as info:
        load_settings().require()
    assert "\n" not in str(info.value)


def test_context_too_small_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="CRC_LLM_CONTEXT_TOKENS"):
        chunk_budget(LlmSettings(model="m", context_tokens=2048, max_output_tokens=1024), overhead_tokens=900)


# --- prompts ----------------------------------------------------------------------


def test_prompts_load_from_the_package_in_both_languages() -> None:
    from importlib.resources import files

    for lang in ("fr", "en"):
        text = load_prompt(f"crc_extract.{lang}.md")
        assert text == (files("summarizer") / "prompts" / f"crc_extract.{lang}.md").read_text(encoding="utf-8")
        assert "$transcript" in text and "=== USER ===" in text
    with pytest.raises(ConfigError, match="CRC_LLM_PROMPT"):
        load_prompt("nope.fr.md")


def test_transcript_text_is_never_interpreted_as_a_template() -> None:
    t = Transcript(segments=[Segment(index=0, start=61, speaker="Ana", text="Prix : $price {{ budget }} {% if %} 100 $")])
    ctx = ExtractContext(meeting_date=MEETING, language="fr")
    messages = extraction_messages(load_prompt("crc_extract.fr.md"), t, ctx, t.segments, None)
    assert "[0] 00:01:01 Ana: Prix : $price {{ budget }} {% if %} 100 $" in messages[-1]["content"]
    assert messages[0]["role"] == "system" and "=== USER ===" not in messages[0]["content"]
    assert render_prompt("a $x\n=== USER ===\nb $y", x="1", y="$z") == ("a 1", "b $z")


# --- tokens and chunks -------------------------------------------------------------


def test_token_count_falls_back_to_an_estimate_when_tiktoken_cannot_load(monkeypatch: pytest.MonkeyPatch) -> None:
    import tiktoken

    def offline(model: str) -> Any:
        raise ConnectionError("no network for the BPE file")

    llm_chunks._encoder.cache_clear()
    monkeypatch.setattr(tiktoken, "encoding_for_model", offline)
    text = "Le budget est de 50 000 euros pour cette année."
    assert count_tokens(text, "gpt-4o") == estimate_tokens(text) == -(-len(text) * 2 // 7)
    llm_chunks._encoder.cache_clear()
    assert count_tokens(text, "some-local-model") == estimate_tokens(text)
    assert count_tokens(text, None) == estimate_tokens(text)
    llm_chunks._encoder.cache_clear()


def test_numbered_line_format() -> None:
    seg = Segment(index=12, start=3725.4, speaker="Claire Martin", text="On valide.")
    assert numbered_line(seg) == "[12] 01:02:05 Claire Martin: On valide."
    assert numbered_line(Segment(index=0, text="Bonjour")) == "[0] --:--:-- ?: Bonjour"


def test_split_chunks_respects_budget_boundaries_and_overlap() -> None:
    t = transcript(200)
    budget = 400
    chunks = split_chunks(t, budget, overlap=3)
    assert len(chunks) > 3
    for c in chunks:
        assert sum(count_tokens(numbered_line(s)) + 1 for s in c) <= budget
        assert [s.index for s in c] == list(range(c[0].index, c[-1].index + 1))
    for a, b in itertools.pairwise(chunks):
        assert [s.index for s in a[-3:]] == [s.index for s in b[:3]]
    assert chunks[0][0].index == 0 and chunks[-1][-1].index == 199
    assert split_chunks(t, 10**6) == [t.segments]
    # a segment longer than the budget is never cut, and the split still moves forward
    huge = Transcript(segments=[Segment(index=i, text="x" * 5000) for i in range(3)])
    assert [len(c) for c in split_chunks(huge, 100, overlap=2)] == [1, 1, 1]


def _risk(text: str, seg: int, mitigation: str | None = None) -> dict[str, Any]:
    return {"text": text, "mitigation": mitigation, "evidence": [{"segment": seg, "quote": f"mot{seg}"}]}


def test_dedupe_by_segment_and_wording() -> None:
    a = parse_extraction({"risks": [_risk("Budget non arbitré", 3), _risk("Comité achats en janvier", 8)]})
    b = parse_extraction({"risks": [_risk("Le budget n'est pas arbitré", 3, "relancer le DAF"), _risk("Point 4 ouvert", 9)]})
    c = parse_extraction({"risks": [_risk("Point 5 ouvert", 12), _risk("Comité achats en janvier", 15)]})
    risks = dedupe(a.risks + b.risks + c.risks)
    assert [r.text for r in risks] == ["Le budget n'est pas arbitré", "Comité achats en janvier", "Point 4 ouvert", "Point 5 ouvert"]
    assert risks[0].mitigation == "relancer le DAF"
    assert sorted(e.segment for e in risks[1].evidence) == [8, 15]


def test_merge_is_deterministic_and_caps_facts() -> None:
    parts = [
        parse_extraction({
            "meeting_type": t, "subject": s,
            "facts": [{"text": f"Fait {k} numéro {i}", "evidence": [{"segment": i * 10 + k, "quote": "x"}]} for k in range(4)],
            "participants": [{"name": "Ana Roy", "side": side, "role": role}],
            "qualification": {"budget": b, "competition": comp},
        })
        for i, (t, s, side, role, b, comp) in enumerate([
            ("other", None, "unknown", None, None, ["Shippeo"]),
            ("discovery", "Découverte", "client", "DAF", "50 k€", ["shippeo", "Transporeon"]),
            ("discovery", "Autre", "vendor", "CEO", "80 k€", []),
        ])
    ]
    notes: list[str] = []
    merged = merge_extractions(parts, notes)
    assert merged == merge_extractions(parts, [])
    assert merged.meeting_type.value == "discovery" and merged.subject == "Découverte"
    assert len(merged.facts) == 7 and merged.facts[0].text == "Fait 0 numéro 0" and notes
    [ana] = merged.participants
    assert (ana.side.value, ana.role) == ("client", "DAF")
    assert merged.qualification.budget == "50 k€" and merged.qualification.competition == ["Shippeo", "Transporeon"]


# --- grounding --------------------------------------------------------------------


def test_resolve_name() -> None:
    names = ["Claire Martin", "Marc Ferrand", "Marc Dubois"]
    assert resolve_name("claire", names) == "Claire Martin"
    assert resolve_name("CLAIRE MARTIN", names) == "Claire Martin"
    assert resolve_name("Marc", names) is None  # ambiguous
    assert resolve_name("Ferrand", names) == "Marc Ferrand"
    assert resolve_name("Paul", names) is None


def test_grounding_errors_cover_every_rule() -> None:
    t = Transcript(segments=[
        Segment(index=0, speaker="Ana Roy", text="Je vous envoie le devis d'ici vendredi."),
        Segment(index=1, speaker="Bo Lind", text="Notre budget est de 40 000 euros, et Jeanne Petit valide."),
    ])
    g = Grounding(t, ["Ana Roy", "Bo Lind"])
    ext = LlmExtraction.model_validate({
        "participants": [{"name": "Jeanne Petit"}, {"name": "Paul Invente"}],
        "facts": [{"text": "Budget", "evidence": [{"segment": 1, "quote": "Notre budget est de 45 000 euros"}]}],
        "decisions": [{"text": "x", "evidence": [{"segment": 7, "quote": "x"}]}],
        "next_steps": [
            {"action": "Devis", "owner": "ana", "due_text": "vendredi", "evidence": [{"segment": 0, "quote": "le devis"}]},
            {"action": "Valider", "owner": "Jeanne", "evidence": [{"segment": 1, "quote": "Jeanne Petit valide"}]},
            {"action": "Relancer", "owner": "Zoé", "due_text": "lundi", "evidence": [{"segment": 0, "quote": "le devis"}]},
        ],
    })
    errors = grounding_errors(ext, g)
    text = " | ".join(errors)
    assert "Paul Invente" in text and "Jeanne Petit »" not in text.split("participants")[1][:20]
    assert "45 000" in text and "[7] n'existe pas" in text
    assert "« Zoé » n'est ni un participant" in text and "« lundi » ne figure" in text
    assert len(errors) == 5
    assert ext.next_steps[0].owner == "Ana Roy" and ext.next_steps[1].owner == "Jeanne Petit"


def test_exact_quote_restores_the_transcript_words() -> None:
    text = "Très bien. Je vous envoie la proposition d'ici vendredi."
    assert exact_quote("je vous envoie la proposition d’ici vendredi", text) == "Je vous envoie la proposition d'ici vendredi"
    assert exact_quote("budget", text) == "budget"  # not found: left for the validator to reject


# --- post-processing --------------------------------------------------------------


def test_dates_without_spoken_words_or_before_the_meeting_are_dropped() -> None:
    ext = parse_extraction({
        "next_steps": [
            {"action": "a", "due_date": "2026-12-01", "evidence": [{"segment": 0, "quote": "x"}]},
            {"action": "b", "due_text": "le 3 novembre", "due_date": "2026-11-03", "evidence": [{"segment": 0, "quote": "x"}]},
        ]
    })
    notes: list[str] = []
    settle_due_dates(ext, MEETING, "fr", notes)
    assert [s.due_date for s in ext.next_steps] == [None, None]
    assert len(notes) == 2


def test_wishes_and_hypotheticals_are_dropped() -> None:
    ev = [{"segment": 0, "quote": "x"}]
    ext = parse_extraction({
        "decisions": [{"text": "go", "evidence": ev}, {"text": "si budget", "commitment": "hypothetical", "evidence": ev}],
        "next_steps": [{"action": "démo", "commitment": "wish", "evidence": ev}],
    })
    notes: list[str] = []
    drop_wishes(ext, notes)
    assert [d.text for d in ext.decisions] == ["go"] and ext.next_steps == [] and len(notes) == 2


# --- transport ----------------------------------------------------------------------


def _status_error(status: int, headers: dict[str, str]) -> openai.APIStatusError:
    request = httpx2.Request("POST", "http://x/v1/chat/completions")
    response = httpx2.Response(status, headers=headers, request=request)
    return openai.APIStatusError("err", response=response, body=None)


def test_retry_after_parsing_and_cap() -> None:
    assert retry_after_seconds(_status_error(429, {"Retry-After": "7"})) == 7.0
    assert retry_after_seconds(_status_error(429, {"retry-after-ms": "250"})) == 0.25
    future = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= (retry_after_seconds(_status_error(503, {"Retry-After": future})) or 0) <= 31
    assert retry_after_seconds(_status_error(500, {})) is None
    assert is_retryable(_status_error(429, {})) and is_retryable(_status_error(502, {}))
    assert not any(is_retryable(_status_error(s, {})) for s in (400, 401, 403, 404, 422))


def test_retry_after_is_honoured_over_http() -> None:
    settings = LlmSettings(model="test-model", backoff_initial=0.01, backoff_max=0.02, retry_after_max=1.0)
    with ScriptedServer([error(429, "slow down", {"Retry-After": "1"}), error(500), answer("{}")]) as server:
        settings.base_url = server.url
        stats = CallStats()
        client = openai.OpenAI(api_key="k", base_url=server.url, max_retries=0)
        create = robust_create(client, settings, stats)
        create(model="test-model", messages=[{"role": "user", "content": "hi"}])
        client.close()
    assert stats.waits[0] == 1.0 and stats.waits[1] <= 0.03
    assert (stats.requests, stats.responses, stats.transport_retries) == (3, 1, 2)
    assert stats.usage["total_tokens"] > 0


def test_long_retry_after_is_capped_and_backoff_grows() -> None:
    from concurrent.futures import Future

    from tenacity import RetryCallState, Retrying

    wait = _Wait(LlmSettings(retry_after_max=5, backoff_initial=1, backoff_max=8))

    def state(exc: BaseException, attempt: int) -> RetryCallState:
        st = RetryCallState(Retrying(), None, (), {})
        st.attempt_number = attempt
        fut: Future[Any] = Future()
        fut.set_exception(exc)
        st.outcome = fut  # type: ignore[assignment]
        return st

    assert wait(state(_status_error(429, {"Retry-After": "3600"}), 1)) == 5
    backoffs = [wait(state(_status_error(500, {}), n)) for n in (1, 2, 3, 4, 5)]
    assert all(1 <= b <= 9 for b in backoffs) and backoffs[-1] >= 8


def test_llm_chained_date_keeps_the_models_correct_reading() -> None:
    """Issue 10: the contract is due Monday 16; "sous quarante-huit heures après réception" is the 18th, not meeting + 2."""
    ev = [{"segment": 0, "quote": "x"}]
    ext = parse_extraction({"deliverables": [
        {"what": "Le contrat", "due_text": "lundi 16", "due_date": "2026-11-16", "evidence": ev},
        {"what": "Le contrat signé", "due_text": "sous quarante-huit heures après réception", "due_date": "2026-11-18", "evidence": ev},
    ]})
    notes: list[str] = []
    settle_due_dates(ext, dt.date(2026, 11, 13), "fr", notes)
    assert [d.due_date for d in ext.deliverables] == [dt.date(2026, 11, 16), dt.date(2026, 11, 18)]


def test_llm_chained_date_from_the_meeting_is_never_kept() -> None:
    ev = [{"segment": 0, "quote": "x"}]
    ext = parse_extraction({"next_steps": [
        {"action": "Lancer la commande", "due_text": "sous deux jours après réception du devis", "due_date": "2026-11-15", "evidence": ev},
    ]})
    notes: list[str] = []
    settle_due_dates(ext, dt.date(2026, 11, 13), "fr", notes)
    assert ext.next_steps[0].due_date is None and ext.next_steps[0].due_text and notes
