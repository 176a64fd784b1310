"""Pseudonymisation over real HTTP: what the scripted server receives, and the CRC that comes back.

The server plays a model that only knows what it was sent: it learns each placeholder's value by
lining up the numbered lines it received with the real transcript, and answers with placeholders
wherever the real answer has a value it was sent as a placeholder.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pytest
from openai_server import Reply, ScriptedServer, completion_body
from typer.testing import CliRunner

from summarizer.crc import CRC, Side
from summarizer.extract.base import ExtractContext, ParticipantHint
from summarizer.extract.llm.chunks import numbered_line
from summarizer.extract.llm.extractor import extract_llm
from summarizer.extract.llm.settings import LlmSettings
from summarizer.ingest.transcript import Segment, Transcript

MEETING = dt.date(2026, 11, 18)  # a Wednesday
CLIENT, VENDOR = "Transports Ferrand", "Logivia"
EMAIL, PHONE = "marc.ferrand@transports-ferrand.fr", "06 12 34 56 78"
IBAN, CARD, ADDRESS = "FR76 3000 6000 0112 3456 7890 189", "4111 1111 1111 1111", "12 rue des Lilas, 69003 Lyon"
SPECIAL = {
    3: ("Marc Ferrand", f"Mon e-mail, c'est {EMAIL}, et mon portable le {PHONE}."),
    25: ("Marc Ferrand", f"Pour l'acompte, la carte {CARD} de la société."),
    45: ("Marc Ferrand", f"Pour le prélèvement, notre IBAN est {IBAN}."),
    65: ("Claire Martin", "Je vous envoie la proposition d'ici vendredi, Marc."),
    85: ("Marc Ferrand", f"Envoyez le contrat signé au {ADDRESS}."),
}
#: what must never reach the endpoint (names as whole words: "Marc" is not in "marché")
SECRETS = [EMAIL, PHONE, IBAN, CARD, "12 rue des Lilas", CLIENT, VENDOR]
NAMES = ["Claire", "Martin", "Marc", "Ferrand"]
_TOPICS = ["les volumes", "le planning", "les dépôts", "la facturation", "les chauffeurs", "la télématique"]
_PLACEHOLDER = re.compile(r"\[[A-Z]+_\d+\]")
_LINE = re.compile(r"^\[(\d+)\] \d\d:\d\d:\d\d (.*)$", re.M)


def call() -> Transcript:
    segments = []
    for i in range(110):
        speaker = "Claire Martin" if i % 2 == 0 else "Marc Ferrand"
        text = f"Point {i} : on revoit {_TOPICS[i % len(_TOPICS)]} avec les équipes et ce que ça change pour la suite."
        speaker, text = SPECIAL.get(i, (speaker, text))
        segments.append(Segment(index=i, start=i * 8.0, end=i * 8.0 + 8, speaker=speaker, text=text))
    return Transcript(segments=segments, source="appel.vtt")


def ctx() -> ExtractContext:
    return ExtractContext(meeting_date=MEETING, language="fr", client=CLIENT, vendor=VENDOR, participants=[
        ParticipantHint(name="Claire Martin", side=Side.vendor), ParticipantHint(name="Marc Ferrand", side=Side.client)])


def truth(seen: set[int]) -> dict[str, Any]:
    """What a good model extracts from the lines ``seen``, with the real values."""
    facts = [
        (3, {"text": f"Contact de Marc Ferrand : {EMAIL}, {PHONE}", "evidence": [{"segment": 3, "quote": f"c'est {EMAIL}"}]}),
        (45, {"text": f"Prélèvement sur l'IBAN {IBAN}", "evidence": [{"segment": 45, "quote": f"notre IBAN est {IBAN}"}]}),
        (25, {"text": "Acompte par carte", "evidence": [{"segment": 25, "quote": f"la carte {CARD}"}]}),
    ]
    steps = [
        (65, {"action": "Envoyer la proposition à Marc Ferrand", "owner": "Claire Martin", "due_text": "d'ici vendredi",
              "due_date": "2026-11-20", "commitment": "firm",
              "evidence": [{"segment": 65, "quote": "Je vous envoie la proposition d'ici vendredi, Marc"}]}),
        (85, {"action": f"Envoyer le contrat signé au {ADDRESS}", "owner": "Marc Ferrand", "commitment": "firm",
              "evidence": [{"segment": 85, "quote": f"Envoyez le contrat signé au {ADDRESS}"}]}),
    ]
    return {
        "meeting_type": "discovery",
        "subject": f"Découverte {CLIENT}",
        "participants": [{"name": "Claire Martin", "side": "vendor", "organization": VENDOR},
                         {"name": "Marc Ferrand", "side": "client", "organization": CLIENT}],
        "facts": [f for i, f in facts if i in seen],
        "next_steps": [s for i, s in steps if i in seen],
    }


def _aligned(sent: str, real: str, known: dict[str, str]) -> dict[str, str] | None:
    """The values of the placeholders of one sent line, read off the real line; placeholders already
    ``known`` stand for their value, so two placeholders side by side split one way only."""
    literal, names, pattern = _PLACEHOLDER.split(sent), _PLACEHOLDER.findall(sent), ""
    for i, part in enumerate(literal):
        pattern += re.escape(part)
        if i < len(names):
            group = names[i][1:-1]
            if names[i] in known:
                pattern += re.escape(known[names[i]])
            else:  # a placeholder said twice in a line is the same words twice
                pattern += f"(?P={group})" if names.index(names[i]) < i else f"(?P<{group}>.+?)"
    match = re.fullmatch(pattern, real)
    assert match is not None, (sent, real)
    return {p: match.group(p[1:-1]) for p in names if p not in known}


def learned(request: dict[str, Any], transcript: Transcript, context: ExtractContext) -> dict[str, str]:
    """placeholder -> value, from the request's lines lined up with the real ones (the server's only key).

    Lines with one placeholder first (they read one way only), then the others with what is known."""
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    mapping: dict[str, str] = {}
    for label, value in (("Client", context.client), ("(?:Vendeur|Vendor)", context.vendor)):
        sent_value = re.search(rf"^{label} ?: (.*)$", user, re.M)
        if sent_value and _PLACEHOLDER.fullmatch(sent_value.group(1)) and value:
            mapping[sent_value.group(1)] = value
    lines = [(sent, numbered_line(transcript.segments[int(i)]).split(" ", 2)[2]) for i, sent in _LINE.findall(user)]
    lines.sort(key=lambda line: len(set(_PLACEHOLDER.findall(line[0]))))
    for sent, real in lines:
        found = _aligned(sent, real, mapping)
        assert found is not None
        mapping.update(found)
    for sent, real in lines:  # every line agrees with the whole mapping
        assert _aligned(sent, real, mapping) == {}, f"{sent!r} does not read as {real!r}"
    return mapping


def pseudonymised(payload: dict[str, Any], mapping: dict[str, str]) -> str:
    """The answer as the model writes it: each value it was sent as a placeholder, as that placeholder."""
    text = json.dumps(payload, ensure_ascii=False)
    for placeholder, value in sorted(mapping.items(), key=lambda kv: -len(kv[1])):
        text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", placeholder, text)
    return text


def model(transcript: Transcript, context: ExtractContext, seen_maps: list[dict[str, str]]) -> Callable[..., Reply]:
    def step(request: dict[str, Any]) -> Reply:
        user = next(m["content"] for m in request["messages"] if m["role"] == "user")
        mapping = learned(request, transcript, context)
        seen_maps.append(mapping)
        content = pseudonymised(truth({int(i) for i, _ in _LINE.findall(user)}), mapping)
        return Reply(200, completion_body(request, content))
    return step


def settings(server: ScriptedServer, redact: str) -> LlmSettings:
    # a small context (prompt, schema and a few lines): the call goes in several chunks
    return LlmSettings(base_url=server.url, api_key="sk-test", model="test-model", mode="tools", timeout=20.0,
                       deadline=60.0, max_attempts=1, context_tokens=6144, max_output_tokens=512, max_concurrency=1,
                       redact=redact)


def run(redact: str) -> tuple[CRC, ScriptedServer, list[dict[str, str]]]:
    transcript, context, maps = call(), ctx(), []
    with ScriptedServer(default=model(transcript, context, maps)) as server:
        crc = extract_llm(transcript, context, settings(server, redact))
    return crc, server, maps


@pytest.fixture(scope="module")
def runs() -> dict[str, tuple[CRC, ScriptedServer, list[dict[str, str]]]]:
    return {redact: run(redact) for redact in ("on", "off")}


def _sent(server: ScriptedServer) -> list[str]:
    return [json.dumps(r.body, ensure_ascii=False) for r in server.chat]


def test_nothing_personal_in_any_request_across_chunks(runs: dict[str, Any]) -> None:
    crc, server, maps = runs["on"]
    assert crc.metadata.usage["chunks"] >= 3 and len(server.chat) == crc.metadata.usage["chunks"]
    for body in _sent(server):
        assert not [s for s in SECRETS if s in body]
        assert not [n for n in NAMES if re.search(rf"\b{n}\b", body)]
    # one placeholder, one value, in every chunk
    merged: dict[str, str] = {}
    for mapping in maps:
        for placeholder, value in mapping.items():
            assert merged.setdefault(placeholder, value) == value
    assert {EMAIL, PHONE, IBAN, CARD, ADDRESS, "Claire Martin", "Marc Ferrand", "Marc"} <= set(merged.values())


def test_without_redaction_the_same_requests_carry_the_values(runs: dict[str, Any]) -> None:
    """The check above can fail: the same call sent in clear has every secret in it."""
    _, server, maps = runs["off"]
    sent = "\n".join(_sent(server))
    assert all(s in sent for s in SECRETS) and all(not m for m in maps)


def _content(crc: CRC) -> dict[str, Any]:
    data = crc.model_dump(mode="json")
    data.pop("metadata")
    return data


def test_the_crc_is_the_same_with_and_without_redaction(runs: dict[str, Any]) -> None:
    on, off = runs["on"][0], runs["off"][0]
    assert _content(on) == _content(off)
    assert [(s.owner, s.due_date, [e.quote for e in s.evidence]) for s in on.next_steps] == [
        ("Claire Martin", dt.date(2026, 11, 20), ["Je vous envoie la proposition d'ici vendredi, Marc"]),
        ("Marc Ferrand", None, [f"Envoyez le contrat signé au {ADDRESS}"]),
    ]
    assert on.facts[0].text == f"Contact de Marc Ferrand : {EMAIL}, {PHONE}"
    assert on.meeting.subject == f"Découverte {CLIENT}"


def test_the_metadata_counts_kinds_never_values(runs: dict[str, Any]) -> None:
    on, off = runs["on"][0], runs["off"][0]
    counts = on.metadata.redaction
    assert {k: counts.get(k) for k in ("email", "phone", "iban", "card", "address", "client", "vendor")} == {
        "email": 1, "phone": 1, "iban": 1, "card": 1, "address": 1, "client": 1, "vendor": 1}
    assert counts["person"] >= 2 and off.metadata.redaction == {}
    stored = json.dumps(on.model_dump(mode="json")["metadata"], ensure_ascii=False)
    assert EMAIL not in stored and IBAN not in stored
    assert "redaction" not in off.model_dump(mode="json")["metadata"]  # a CRC sent in clear reads as before


def test_crc_run_redact_option_forces_it_on_a_local_endpoint(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    from summarizer.cli import app

    vtt = tmp_path / "appel.txt"
    vtt.write_text("\n".join(f"[00:00:{i * 5:02d}] {s.speaker} : {s.text}" for i, s in enumerate(call().segments[:8])),
                   encoding="utf-8")
    answer = {"meeting_type": "discovery", "facts": [
        {"text": "Contact", "evidence": [{"segment": 3, "quote": f"c'est {EMAIL}"}]}]}
    bodies: list[str] = []

    def step(request: dict[str, Any]) -> Reply:
        bodies.append(json.dumps(request, ensure_ascii=False))
        user = next(m["content"] for m in request["messages"] if m["role"] == "user")
        email = re.search(r"c'est (\[EMAIL_\d+\]|\S+@\S+?),", user)
        assert email is not None
        return Reply(200, completion_body(request, json.dumps(answer).replace(EMAIL, email.group(1))))

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("CRC_LLM_REDACT", "auto")  # undone after the test, like the value --redact sets
    with ScriptedServer(default=step) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.url)
        monkeypatch.setenv("CRC_LLM_MODEL", "test-model")
        result = CliRunner().invoke(app, ["run", str(vtt), "--backend", "llm", "--meeting-date", "2026-11-18",
                                          "--redact", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert bodies and all(EMAIL not in b and "[EMAIL_1]" in b for b in bodies)
    [crc_file] = (tmp_path / "out").glob("*.crc.json")
    data = json.loads(crc_file.read_text(encoding="utf-8"))
    assert data["metadata"]["redaction"]["email"] == 1
    assert data["facts"][0]["evidence"][0]["quote"] == f"c'est {EMAIL}"


def test_no_redact_turns_it_off_for_eval(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    import os

    from summarizer.cli import app

    monkeypatch.setenv("CRC_LLM_REDACT", "on")
    result = CliRunner().invoke(app, ["eval", "--cases", str(tmp_path / "absent"), "--no-redact", "--out",
                                      str(tmp_path / "out")])
    assert os.environ["CRC_LLM_REDACT"] == "off", result.output


def test_reasks_carry_no_real_value_either() -> None:
    """The re-ask quotes the restored answer and its validation errors (real names): they leave redacted too."""
    transcript = Transcript(segments=call().segments[:8], source="court.vtt")
    context, maps = ctx(), []
    good = model(transcript, context, maps)

    def bad(request: dict[str, Any]) -> Reply:
        mapping = learned(request, transcript, context)
        marc = next(p for p, v in mapping.items() if v == "Marc Ferrand")
        payload = {"meeting_type": "discovery", "facts": [
            {"text": f"{marc} promet une remise", "evidence": [{"segment": 3, "quote": f"{marc} promet une remise"}]}]}
        return Reply(200, completion_body(request, json.dumps(payload, ensure_ascii=False)))

    with ScriptedServer([bad, good]) as server:
        settings_ = settings(server, "on").model_copy(update={"max_attempts": 2, "context_tokens": 32000})
        crc = extract_llm(transcript, context, settings_)
    bodies = _sent(server)
    assert len(bodies) == 2 and "promet une remise" in bodies[1]  # the re-ask quotes the bad answer
    for body in bodies:
        assert not [s for s in SECRETS if s in body]
        assert not [n for n in NAMES if re.search(rf"\b{n}\b", body)]
    assert crc.facts[0].evidence[0].quote == f"c'est {EMAIL}"
