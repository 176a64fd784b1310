"""A 90-minute call against an 8k-context model: chunked requests over HTTP, deterministic merge."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from typing import Any

import pytest
from openai_server import Reply, ScriptedServer, completion_body

from summarizer.crc import Side
from summarizer.extract.base import ExtractContext, ParticipantHint
from summarizer.extract.llm.chunks import estimate_tokens
from summarizer.extract.llm.extractor import extract_llm
from summarizer.extract.llm.settings import LlmSettings
from summarizer.ingest.transcript import Segment, Transcript

MEETING = dt.date(2026, 11, 18)
PROMISE = 450
CONTEXT = 8192
OUTPUT = 1024

_TOPICS = ["les volumes", "le planning", "les dépôts", "la facturation", "les chauffeurs", "la télématique"]


def long_call() -> Transcript:
    """900 utterances over 90 minutes (6 s each), about 30k tokens of numbered lines."""
    segments = []
    for i in range(900):
        speaker = "Claire Martin" if i % 2 == 0 else "Marc Ferrand"
        text = (
            f"Point {i} : on revoit {_TOPICS[i % len(_TOPICS)]} avec les équipes, "
            f"les contraintes du site et ce que ça change pour la suite du projet."
        )
        if i == PROMISE:
            text = "Je vous envoie le chiffrage détaillé d'ici vendredi, avec les hypothèses."
        segments.append(Segment(index=i, start=i * 6.0, end=i * 6.0 + 6, speaker=speaker, text=text))
    return Transcript(segments=segments, source="long.vtt")


_LINE = re.compile(r"^\[(\d+)\] \d\d:\d\d:\d\d ([^:]+): (.*)$", re.M)


def lines_of(request: dict[str, Any]) -> dict[int, str]:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return {int(m.group(1)): m.group(3) for m in _LINE.finditer(user)}


def chunk_reply(request: dict[str, Any]) -> Reply:
    """What a model would extract from the lines it was given: quotes taken from those lines only."""
    lines = lines_of(request)
    idx = sorted(lines)
    edges = idx[:3] + idx[-3:]  # the overlaps: each is also in the neighbouring chunk
    payload: dict[str, Any] = {
        "meeting_type": "discovery",
        "facts": [{"text": f"Point {i} revu", "evidence": [{"segment": i, "quote": f"Point {i} : on revoit"}]} for i in idx[:2]],
        "risks": [
            {"text": f"Sujet du point {i}", "category": "planning", "evidence": [{"segment": i, "quote": lines[i][:40]}]}
            for i in edges
        ],
        "next_steps": [],
    }
    if PROMISE in lines:
        payload["next_steps"].append(
            {
                "action": "Envoyer le chiffrage détaillé",
                "owner": "Claire",
                "due_text": "d'ici vendredi",
                "due_date": "2026-11-20",
                "evidence": [{"segment": PROMISE, "quote": "Je vous envoie le chiffrage détaillé d'ici vendredi"}],
            }
        )
    return Reply(200, completion_body(request, json.dumps(payload, ensure_ascii=False)))


def consolidate_reply(request: dict[str, Any]) -> Reply:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    merged = json.loads(user[user.index("{") :])
    merged["facts"] = merged["facts"][:3]
    merged["objective"] = "Qualifier le besoin sur 90 minutes."
    return Reply(200, completion_body(request, json.dumps(merged, ensure_ascii=False)))


def router(request: dict[str, Any]) -> Reply:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return consolidate_reply(request) if "Extraction fusionnée" in user else chunk_reply(request)


@pytest.fixture
def ctx() -> ExtractContext:
    return ExtractContext(
        meeting_date=MEETING, client="Transports Ferrand", language="fr",
        participants=[ParticipantHint(name="Claire Martin", side=Side.vendor)],
    )


def settings(server: ScriptedServer, **extra: Any) -> LlmSettings:
    return LlmSettings(
        base_url=server.url, model="test-model", mode="json_schema", context_tokens=CONTEXT,
        max_output_tokens=OUTPUT, chunk_overlap=3, max_concurrency=2, backoff_initial=0.01, **extra,
    )


def test_ninety_minutes_fit_an_8k_model_in_overlapping_chunks(ctx: ExtractContext) -> None:
    transcript = long_call()
    assert estimate_tokens("\n".join(s.text for s in transcript.segments)) > 3 * CONTEXT
    with ScriptedServer(default=router) as server:
        crc = extract_llm(transcript, ctx, settings(server))
    n = len(server.chat)
    assert n >= 4 and server.counts() == (n, n)
    assert crc.metadata.usage["chunks"] == n and crc.metadata.attempts == n

    chunks = sorted((lines_of(r.body) for r in server.chat), key=min)
    # every request fits the context window: messages + schema + the answer's reserve
    for r in server.chat:
        sent = sum(estimate_tokens(m["content"]) for m in r.body["messages"])
        sent += estimate_tokens(json.dumps(r.body["response_format"]))
        assert sent + OUTPUT <= CONTEXT
        assert r.body["max_tokens"] == OUTPUT
    # all 900 lines were sent, cut on segment boundaries, consecutive chunks sharing 3 lines
    assert set().union(*chunks) == set(range(900))
    for a, b in itertools.pairwise(chunks):
        assert sorted(a)[-3:] == sorted(b)[:3]
    assert "partie 1 sur" in json.dumps(server.chat[0].body, ensure_ascii=False)

    # merged deterministically: overlap items counted once, 7 facts at most, the promise kept once
    risk_segments = [r.evidence[0].segment for r in crc.risks]
    assert len(risk_segments) == len(set(risk_segments))
    expected = {i for c in chunks for i in sorted(c)[:3] + sorted(c)[-3:]}
    assert set(risk_segments) == expected
    assert len(crc.facts) == 7
    assert any("écartés" in note for note in crc.metadata.notes)
    [step] = crc.next_steps
    assert step.owner == "Claire Martin" and step.evidence[0].segment == PROMISE
    assert step.due_date == dt.date(2026, 11, 20)


def test_optional_consolidation_pass(ctx: ExtractContext) -> None:
    transcript = long_call()
    with ScriptedServer(default=router) as server:
        crc = extract_llm(transcript, ctx, settings(server, consolidate=True))
    chunk_requests = [r for r in server.chat if "Extraction fusionnée" not in json.dumps(r.body, ensure_ascii=False)]
    assert len(server.chat) == len(chunk_requests) + 1
    assert len(crc.facts) == 3 and crc.objective == "Qualifier le besoin sur 90 minutes."
    assert "consolidation LLM appliquée" in crc.metadata.notes


def test_consolidation_that_invents_a_quote_keeps_the_deterministic_merge(ctx: ExtractContext) -> None:
    transcript = long_call()

    def lying(request: dict[str, Any]) -> Reply:
        user = next(m["content"] for m in request["messages"] if m["role"] == "user")
        if "Extraction fusionnée" not in user:
            return chunk_reply(request)
        merged = json.loads(user[user.index("{") :])
        merged["facts"] = [{"text": "Contrat signé", "evidence": [{"segment": 3, "quote": "nous signons le contrat aujourd'hui"}]}]
        return Reply(200, completion_body(request, json.dumps(merged, ensure_ascii=False)))

    with ScriptedServer(default=lying) as server:
        crc = extract_llm(transcript, ctx, settings(server, consolidate=True, max_attempts=2))
    assert len(crc.facts) == 7 and all(f.text != "Contrat signé" for f in crc.facts)
    assert any("consolidation LLM abandonnée" in n for n in crc.metadata.notes)
    assert sum("Extraction fusionnée" in json.dumps(r.body, ensure_ascii=False) for r in server.chat) == 2
