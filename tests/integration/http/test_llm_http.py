"""The LLM backend over real HTTP: the real openai client against a scripted server on 127.0.0.1."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from openai_server import Reply, ScriptedServer, answer, completion_body, error

from summarizer.crc import Side
from summarizer.errors import BackendError, ConfigError
from summarizer.extract.base import ExtractContext, ParticipantHint
from summarizer.extract.llm.extractor import extract_llm, load_prompt
from summarizer.extract.llm.settings import LlmSettings
from summarizer.ingest.transcript import Transcript, read_txt

MEETING = dt.date(2026, 11, 18)  # a Wednesday

CALL = """\
[00:00:02] Claire Martin : Bonjour Marc, merci de prendre le temps aujourd'hui.
[00:00:08] Marc Ferrand : Avec plaisir. On a 140 camions sur trois dépôts.
[00:00:15] Marc Ferrand : Le budget est de 50 000 euros pour cette année.
[00:00:22] Claire Martin : Très bien. Je vous envoie la proposition d'ici vendredi.
[00:00:30] Marc Ferrand : Parfait, on valide le lancement du cadrage.
[00:00:37] Marc Ferrand : Ce serait bien d'avoir une démo sur site un jour.
[00:00:44] Claire Martin : Notre risque, c'est le comité achats de janvier qui peut tout bloquer.
"""

GOOD: dict[str, Any] = {
    "meeting_type": "discovery",
    "subject": "Découverte Transports Ferrand",
    "objective": "Qualifier le besoin et lancer le cadrage.",
    "participants": [
        {"name": "Claire Martin", "side": "vendor", "organization": "Logivia"},
        {"name": "Marc Ferrand", "side": "client", "role": "Directeur d'exploitation"},
    ],
    "facts": [
        {"text": "Flotte de 140 camions sur trois dépôts", "evidence": [{"segment": 1, "quote": "On a 140 camions sur trois dépôts"}]},
        {"text": "Budget annuel de 50 000 €", "evidence": [{"segment": 2, "quote": "Le budget est de 50 000 euros"}]},
    ],
    "decisions": [
        {"text": "Go pour le cadrage", "commitment": "firm", "evidence": [{"segment": 4, "quote": "on valide le lancement du cadrage"}]}
    ],
    "risks": [
        {
            "text": "Comité achats de janvier",
            "category": "budget",
            "severity": "high",
            "evidence": [{"segment": 6, "quote": "le comité achats de janvier qui peut tout bloquer"}],
        }
    ],
    "next_steps": [
        {
            "action": "Envoyer la proposition",
            "owner": "Claire",
            "due_text": "d'ici vendredi",
            "due_date": "2026-11-20",
            "commitment": "firm",
            "evidence": [{"segment": 3, "quote": "Je vous envoie la proposition d'ici vendredi"}],
        },
        {
            "action": "Démo sur site",
            "owner": None,
            "commitment": "wish",
            "evidence": [{"segment": 5, "quote": "Ce serait bien d'avoir une démo sur site"}],
        },
    ],
    "deliverables": [],
    "objections": [],
    "qualification": {"budget": "50 000 € cette année"},
}


@pytest.fixture
def transcript() -> Transcript:
    return read_txt(CALL, source="call.txt")


@pytest.fixture
def ctx() -> ExtractContext:
    return ExtractContext(
        meeting_date=MEETING,
        client="Transports Ferrand",
        vendor="Logivia",
        participants=[ParticipantHint(name="Claire Martin", side=Side.vendor)],
        language="fr",
    )


def settings_for(server: ScriptedServer, **overrides: Any) -> LlmSettings:
    values: dict[str, Any] = {
        "base_url": server.url,
        "api_key": "sk-test",
        "model": "test-model",
        "mode": "json_schema",
        "timeout": 5.0,
        "deadline": 20.0,
        "backoff_initial": 0.01,
        "backoff_max": 0.05,
        "max_attempts": 3,
        "transport_attempts": 4,
    }
    values.update(overrides)
    return LlmSettings(**values)


def user_message(body: dict[str, Any]) -> str:
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


# --- happy path and grounding ---------------------------------------------------------


def test_happy_path_builds_grounded_crc(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([answer(GOOD)]) as server:
        crc = extract_llm(transcript, ctx, settings_for(server))
    assert server.counts() == (1, 1)
    body = server.chat[0].body
    # the prompt carries the numbered segments, the context and the schema
    user = user_message(body)
    assert "[3] 00:00:22 Claire Martin: Très bien. Je vous envoie la proposition d'ici vendredi." in user
    assert "2026-11-18 (mercredi)" in user and "Transports Ferrand" in user
    assert body["response_format"]["type"] == "json_schema"
    schema = body["response_format"]["json_schema"]["schema"]
    assert "evidence" in json.dumps(schema) and body["temperature"] == 0 and body["model"] == "test-model"
    assert server.chat[0].headers["authorization"] == "Bearer sk-test"

    assert crc.id == "CRC-2026-11-18-TransportsFerrand-v1.0"
    assert crc.meeting.type.value == "discovery"
    assert [f.text for f in crc.facts] == ["Flotte de 140 camions sur trois dépôts", "Budget annuel de 50 000 €"]
    # the wish was dropped, the owner resolved to the participant's full name, the side taken from the hint
    assert len(crc.next_steps) == 1
    step = crc.next_steps[0]
    assert step.owner == "Claire Martin" and step.side == Side.vendor
    assert step.due_date == dt.date(2026, 11, 20) and step.due_text == "d'ici vendredi"
    ev = step.evidence[0]
    assert (ev.segment, ev.start, ev.speaker) == (3, 22.0, "Claire Martin")
    assert {p.name for p in crc.participants} == {"Claire Martin", "Marc Ferrand"}
    meta = crc.metadata
    assert meta.backend == "llm" and meta.model == "test-model" and meta.attempts == 1
    assert meta.prompt_sha256 == hashlib.sha256(load_prompt("crc_extract.fr.md").encode()).hexdigest()
    assert meta.usage["prompt_tokens"] > 0 and meta.usage["requests"] == 1 and meta.usage["chunks"] == 1
    assert any("souhait" in n for n in meta.notes)


def test_hallucinated_quote_is_reasked_with_the_error(transcript: Transcript, ctx: ExtractContext) -> None:
    bad = copy.deepcopy(GOOD)
    bad["facts"][1]["evidence"][0]["quote"] = "Le budget est de 80 000 euros"  # one digit off: fuzzy would pass
    with ScriptedServer([answer(bad), answer(GOOD)]) as server:
        crc = extract_llm(transcript, ctx, settings_for(server))
    assert server.counts() == (2, 2)
    reask = json.dumps(server.chat[1].body["messages"], ensure_ascii=False)
    assert "80 000" in reask and "Le budget est de 50 000 euros pour cette année." in reask
    assert crc.metadata.attempts == 2
    assert crc.facts[1].evidence[0].quote == "Le budget est de 50 000 euros"


def test_invented_owner_is_reasked(transcript: Transcript, ctx: ExtractContext) -> None:
    bad = copy.deepcopy(GOOD)
    bad["next_steps"][0]["owner"] = "Paul Durand"
    with ScriptedServer([answer(bad), answer(GOOD)]) as server:
        crc = extract_llm(transcript, ctx, settings_for(server))
    assert server.counts() == (2, 2)
    assert "Paul Durand" in json.dumps(server.chat[1].body["messages"], ensure_ascii=False)
    assert crc.next_steps[0].owner == "Claire Martin"


def test_model_date_disagreeing_with_spoken_words_is_replaced(transcript: Transcript, ctx: ExtractContext) -> None:
    wrong = copy.deepcopy(GOOD)
    wrong["next_steps"][0]["due_date"] = "2026-11-27"  # "d'ici vendredi" from Wed 18/11 is the 20th
    with ScriptedServer([answer(wrong)]) as server:
        crc = extract_llm(transcript, ctx, settings_for(server))
    assert crc.next_steps[0].due_date == dt.date(2026, 11, 20)
    assert any("2026-11-27" in n and "2026-11-20" in n for n in crc.metadata.notes)


# --- transport failures ------------------------------------------------------------


def test_429_with_retry_after_then_success(transcript: Transcript, ctx: ExtractContext) -> None:
    script = [error(429, "Rate limit reached", {"Retry-After": "1"}), answer(GOOD)]
    with ScriptedServer(script) as server:
        crc = extract_llm(transcript, ctx, settings_for(server))
    assert server.counts() == (2, 1)
    assert crc.metadata.usage["transport_retries"] == 1 and crc.metadata.attempts == 1
    assert server.chat[0].body == server.chat[1].body  # the same request, replayed


def test_500_then_success(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([error(500, "boom"), error(503, "overloaded"), answer(GOOD)]) as server:
        crc = extract_llm(transcript, ctx, settings_for(server))
    assert server.counts() == (3, 1)
    assert crc.metadata.usage["transport_retries"] == 2 and len(crc.facts) == 2


def test_persistent_500_gives_one_line_backend_error(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer(default=error(502, "bad gateway")) as server:
        with pytest.raises(BackendError, match="502") as info:
            extract_llm(transcript, ctx, settings_for(server, transport_attempts=3))
    assert server.counts() == (3, 0)
    assert "\n" not in str(info.value)


def test_malformed_json_every_time_fails_after_max_attempts(
    transcript: Transcript, ctx: ExtractContext, tmp_path: Path
) -> None:
    with ScriptedServer(default=answer('{"facts": [ {"text": "oops"')) as server:
        with pytest.raises(BackendError, match=r"3 tentative\(s\)") as info:
            extract_llm(transcript, ctx, settings_for(server, max_attempts=3))
    assert server.counts() == (3, 3)
    assert "CRC_LLM_MAX_ATTEMPTS" in str(info.value) and "\n" not in str(info.value)


def test_malformed_json_through_the_pipeline_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.pipeline import RunOptions, run_file

    source = tmp_path / "call.txt"
    source.write_text(CALL, encoding="utf-8")
    out = tmp_path / "out"
    with ScriptedServer(default=answer("this is not json")) as server:
        for key, value in {
            "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": "sk-test", "CRC_LLM_MODEL": "test-model",
            "CRC_LLM_MODE": "json_schema", "CRC_LLM_MAX_ATTEMPTS": "2", "CRC_LLM_BACKOFF_INITIAL": "0.01",
        }.items():
            monkeypatch.setenv(key, value)
        with pytest.raises(BackendError):
            run_file(source, out, RunOptions(backend="llm", meeting_date=MEETING, client="Transports Ferrand"))
    assert server.counts() == (2, 2)
    assert not out.exists() or not any(out.iterdir())


def test_request_timeout_is_retried_then_reported(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer(default=Reply(200, {}, delay=1.0)) as server:
        with pytest.raises(BackendError, match="CRC_LLM_TIMEOUT"):
            extract_llm(transcript, ctx, settings_for(server, timeout=0.2, transport_attempts=2))
    assert server.counts()[0] == 2


def test_timeout_then_success(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([Reply(200, {}, delay=1.0), answer(GOOD)]) as server:
        crc = extract_llm(transcript, ctx, settings_for(server, timeout=0.3))
    assert len(server.chat) == 2 and crc.metadata.usage["transport_retries"] == 1


@pytest.mark.parametrize(
    ("status", "kind", "setting"),
    [(401, ConfigError, "OPENAI_API_KEY"), (404, ConfigError, "CRC_LLM_MODEL"), (400, BackendError, "CRC_LLM_MODE")],
)
def test_client_errors_are_not_retried(
    transcript: Transcript, ctx: ExtractContext, status: int, kind: type[Exception], setting: str
) -> None:
    with ScriptedServer(default=error(status, "nope")) as server:
        with pytest.raises(kind, match=setting) as info:
            extract_llm(transcript, ctx, settings_for(server))
    assert server.counts() == (1, 0)
    assert "\n" not in str(info.value)


def test_wrong_key_against_a_keyed_server(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([answer(GOOD)], api_key="sk-right") as server:
        with pytest.raises(ConfigError, match="OPENAI_API_KEY"):
            extract_llm(transcript, ctx, settings_for(server, api_key="sk-wrong"))
    assert server.counts() == (1, 0)


def test_unreachable_endpoint_names_the_base_url(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer() as server:
        url = server.url
    settings = LlmSettings(base_url=url, model="test-model", transport_attempts=2, backoff_initial=0.01, timeout=1)
    with pytest.raises(BackendError, match="OPENAI_BASE_URL"):
        extract_llm(transcript, ctx, settings)


# --- structured-output modes -------------------------------------------------------


def test_tools_mode_server(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([answer(GOOD)], kind="tools") as server:
        crc = extract_llm(transcript, ctx, settings_for(server, mode="tools"))
    body = server.chat[0].body
    assert body["tools"][0]["function"]["name"] == "CRCExtraction"
    assert body["tool_choice"]["function"]["name"] == "CRCExtraction"
    assert "response_format" not in body
    assert len(crc.facts) == 2 and server.counts() == (1, 1)


def test_auto_mode_falls_back_to_tools_when_json_schema_is_refused(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([answer(GOOD)], kind="tools") as server:
        crc = extract_llm(transcript, ctx, settings_for(server, mode="auto"))
    assert server.counts() == (2, 1)
    assert server.chat[0].body["response_format"]["type"] == "json_schema" and "tools" in server.chat[1].body
    assert any("mode tools" in n for n in crc.metadata.notes)


def test_json_schema_mode_server_refuses_tools(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([answer(GOOD)], kind="json_schema") as server:
        crc = extract_llm(transcript, ctx, settings_for(server, mode="json_schema"))
        assert len(crc.decisions) == 1
        with pytest.raises(BackendError, match="tools are not supported"):
            extract_llm(transcript, ctx, settings_for(server, mode="tools"))
    assert server.counts() == (2, 1)


def test_json_mode_puts_the_schema_in_the_prompt(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([answer(GOOD)]) as server:
        extract_llm(transcript, ctx, settings_for(server, mode="json"))
    body = server.chat[0].body
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]["content"]
    assert body["messages"][0]["role"] == "system" and '"evidence"' in system and "Rien n'est inventé" in system


def test_english_prompt_for_english_meetings(transcript: Transcript, ctx: ExtractContext) -> None:
    ctx_en = ctx.model_copy(update={"language": "en"})
    with ScriptedServer([answer(GOOD)]) as server:
        crc = extract_llm(transcript, ctx_en, settings_for(server))
    assert "Meeting date: 2026-11-18 (Wednesday)" in user_message(server.chat[0].body)
    assert crc.metadata.prompt_sha256 == hashlib.sha256(load_prompt("crc_extract.en.md").encode()).hexdigest()


def test_truncated_answer_names_the_output_budget(transcript: Transcript, ctx: ExtractContext) -> None:
    def truncated(request: dict[str, Any]) -> Reply:
        return Reply(200, completion_body(request, '{"facts": [', finish_reason="length"))

    with ScriptedServer(default=truncated) as server:
        with pytest.raises(BackendError, match="CRC_LLM_MAX_OUTPUT_TOKENS"):
            extract_llm(transcript, ctx, settings_for(server))
    assert server.counts() == (1, 1)


def test_total_deadline_bounds_retries(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer(default=Reply(200, {}, delay=1.0)) as server:
        with pytest.raises(BackendError):
            extract_llm(transcript, ctx, settings_for(server, timeout=0.3, deadline=0.5, transport_attempts=10))
    assert 1 <= len(server.chat) <= 3
