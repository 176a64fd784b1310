"""The llm backend fills ``progress`` over real HTTP, and the account ledger reads it.

Two calls of one account go through ``run_file`` with the real client against the scripted server. The
"model" promises three things in the first call; in the second it reports them as a model would: done,
still not received, moved to a new date, naming people by their first name and getting a date's year
wrong. The CRC keeps each item grounded; the ledger closes, flags and moves the matching promises.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openai_server import Reply, ScriptedServer, answer

from summarizer.crc import CRC, ProgressStatus
from summarizer.downstream.account import CommitmentStatus, account_from_folder
from summarizer.pipeline import RunOptions, run_file

CLIENT = "Transports Ferrand"
D1, D2, AS_OF = dt.date(2026, 11, 18), dt.date(2026, 12, 8), dt.date(2026, 12, 10)

FIRST = """\
[00:00:02] Claire Martin : Bonjour Marc, bonjour Nadia.
[00:00:06] Marc Ferrand : Bonjour Claire.
[00:00:10] Claire Martin : Je vous envoie la proposition de cadrage d'ici vendredi.
[00:00:16] Nadia Benali : Et moi je vous transmets l'export des tournées d'octobre avant le 30 novembre.
[00:00:24] Nadia Benali : J'organise aussi l'atelier de cadrage à Lyon le mardi 1er décembre.
"""

SECOND = """\
[00:00:02] Claire Martin : Bonjour Marc, bonjour Nadia.
[00:00:06] Claire Martin : Comme promis, je vous ai envoyé la proposition de cadrage vendredi 20 novembre.
[00:00:12] Marc Ferrand : Oui, on l'a bien reçue.
[00:00:16] Claire Martin : Et l'export des tournées d'octobre ?
[00:00:20] Nadia Benali : Toujours pas envoyé, désolée, je n'ai pas eu le temps.
[00:00:26] Nadia Benali : L'atelier de cadrage, on le décale au mardi 15 décembre.
"""

PEOPLE = [{"name": "Claire Martin", "side": "vendor", "organization": "Logivia"},
          {"name": "Marc Ferrand", "side": "client"}, {"name": "Nadia Benali", "side": "client"}]


def ev(segment: int, quote: str) -> list[dict[str, Any]]:
    return [{"segment": segment, "quote": quote}]


FIRST_ANSWER: dict[str, Any] = {
    "meeting_type": "discovery", "participants": PEOPLE,
    "deliverables": [
        {"what": "Proposition de cadrage", "issuer": "Claire Martin", "due_text": "d'ici vendredi",
         "due_date": "2026-11-20", "evidence": ev(2, "Je vous envoie la proposition de cadrage d'ici vendredi")},
        {"what": "Export des tournées d'octobre", "issuer": "Nadia Benali", "due_text": "avant le 30 novembre",
         "due_date": "2026-11-30", "evidence": ev(3, "je vous transmets l'export des tournées d'octobre avant le 30 novembre")},
    ],
    "next_steps": [
        {"action": "Organiser l'atelier de cadrage à Lyon", "owner": "Nadia Benali", "due_text": "le mardi 1er décembre",
         "due_date": "2026-12-01", "evidence": ev(4, "J'organise aussi l'atelier de cadrage à Lyon le mardi 1er décembre")},
    ],
}

SECOND_ANSWER: dict[str, Any] = {
    "meeting_type": "other", "participants": PEOPLE,
    "progress": [
        {"status": "done", "what": "La proposition de cadrage", "who": "Claire",  # a first name, as models write
         "evidence": ev(1, "je vous ai envoyé la proposition de cadrage") + ev(2, "on l'a bien reçue")},
        {"status": "late", "what": "L'export des tournées d'octobre", "who": "Nadia",
         "evidence": ev(3, "l'export des tournées d'octobre") + ev(4, "Toujours pas envoyé")},
        {"status": "moved", "what": "L'atelier de cadrage", "who": "Nadia Benali",
         "new_date_text": "au mardi 15 décembre", "new_date": "2025-12-15",  # the model's year is wrong
         "evidence": ev(5, "L'atelier de cadrage, on le décale au mardi 15 décembre")},
    ],
}


def _model(request: dict[str, Any]) -> Reply:
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    return answer(SECOND_ANSWER if "Comme promis" in user else FIRST_ANSWER)(request)


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "out"
    with ScriptedServer(default=_model) as server:
        for key, value in {"OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": "sk-test", "CRC_LLM_MODEL": "test-model",
                           "CRC_LLM_MODE": "json_schema", "CRC_LLM_MAX_ATTEMPTS": "1"}.items():
            monkeypatch.setenv(key, value)
        for name, text, day in (("appel-1.txt", FIRST, D1), ("appel-2.txt", SECOND, D2)):
            (tmp_path / name).write_text(text, encoding="utf-8")
            run_file(tmp_path / name, folder, RunOptions(backend="llm", meeting_date=day, client=CLIENT,
                                                         vendor="Logivia", progress=False))
    assert server.counts() == (2, 2)  # one answer per call, no re-ask
    return folder


def _second(out: Path) -> CRC:
    return CRC.model_validate_json((out / "appel-2.crc.json").read_bytes())


def test_the_crc_keeps_the_models_progress_grounded_with_known_names_and_spoken_dates(out: Path) -> None:
    crc = _second(out)
    assert crc.metadata.backend == "llm" and crc.metadata.warnings == []
    got = {p.status: p for p in crc.progress}
    assert set(got) == {ProgressStatus.done, ProgressStatus.late, ProgressStatus.moved}
    assert got[ProgressStatus.done].who == "Claire Martin" and got[ProgressStatus.late].who == "Nadia Benali"
    assert got[ProgressStatus.moved].new_date == dt.date(2026, 12, 15)  # from the words said, not the model's year
    lines = [s.strip() for s in SECOND.splitlines()]
    for item in crc.progress:
        for e in item.evidence:
            assert e.quote in lines[e.segment]


def test_the_ledger_closes_flags_and_moves_the_first_calls_promises(out: Path) -> None:
    account = account_from_folder(out, CLIENT, AS_OF)
    second = _second(out).id
    by_object = {c.text: c for c in account.commitments}
    assert len(by_object) == 3, list(by_object)
    sent = by_object["Proposition de cadrage"]
    assert sent.status == CommitmentStatus.done and sent.done_in == second
    assert {e.crc_id for e in sent.evidence} == {sent.source, second}  # the promise and its report
    export = by_object["Export des tournées d'octobre"]
    assert export.status == CommitmentStatus.overdue and export.progress == [f"late in {second}"]
    atelier = by_object["Organiser l'atelier de cadrage à Lyon"]
    assert atelier.status == CommitmentStatus.open and atelier.due_date == dt.date(2026, 12, 15)
    assert atelier.progress == [f"moved in {second}"]
