"""A strong model's answer is kept over real HTTP: absent owners named in the call, one bad field never the whole CRC."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openai_server import ScriptedServer, answer

from summarizer.crc import CRC, Side
from summarizer.extract.base import ExtractContext, ParticipantHint
from summarizer.extract.llm.extractor import extract_llm
from summarizer.extract.llm.settings import LlmSettings
from summarizer.ingest.transcript import Transcript, read_txt

MEETING = dt.date(2026, 11, 18)  # a Wednesday

CALL = """\
[00:00:02] Claire Martin : Bonjour Marc. Maître Pons, votre avocat, n'a pas pu se joindre à nous.
[00:00:08] Marc Ferrand : Oui, Maître Pons vous enverra ses remarques sur le contrat d'ici vendredi.
[00:00:15] Marc Ferrand : Le budget est de 50 000 euros pour cette année.
[00:00:22] Claire Martin : Et Estelle, notre juriste, relira les clauses de réversibilité.
[00:00:30] Marc Ferrand : Parfait, on valide le lancement du cadrage.
"""

ANSWER: dict[str, Any] = {
    "meeting_type": "negotiation",
    "participants": [{"name": "Claire Martin", "side": "vendor"}, {"name": "Marc Ferrand", "side": "client"}],
    "facts": [{"text": "Budget annuel de 50 000 €", "evidence": [{"segment": 2, "quote": "Le budget est de 50 000 euros"}]}],
    "decisions": [{"text": "Go pour le cadrage", "evidence": [{"segment": 4, "quote": "on valide le lancement du cadrage"}]}],
    "risks": [{"text": "Avocat absent", "category": "legal", "severity": "low",
               "evidence": [{"segment": 0, "quote": "n'a pas pu se joindre à nous"}]}],
    "next_steps": [{"action": "Relire les clauses de réversibilité", "owner": "Estelle", "side": "vendor",
                    "evidence": [{"segment": 3, "quote": "Estelle, notre juriste, relira les clauses de réversibilité"}]}],
    "deliverables": [{"what": "Remarques sur le contrat", "issuer": "Maître Pons", "side": "client",
                      "due_text": "d'ici vendredi", "due_date": "2026-11-20",
                      "evidence": [{"segment": 1, "quote": "Maître Pons vous enverra ses remarques sur le contrat"}]}],
}


@pytest.fixture
def transcript() -> Transcript:
    return read_txt(CALL, source="call.txt")


@pytest.fixture
def ctx() -> ExtractContext:
    return ExtractContext(meeting_date=MEETING, client="Transports Ferrand", vendor="Logivia", language="fr",
                          participants=[ParticipantHint(name="Claire Martin", side=Side.vendor)])


def settings_for(server: ScriptedServer, **overrides: Any) -> LlmSettings:
    values: dict[str, Any] = {"base_url": server.url, "api_key": "sk-test", "model": "test-model", "mode": "json_schema",
                              "timeout": 5.0, "deadline": 20.0, "backoff_initial": 0.01, "max_attempts": 3}
    return LlmSettings(**{**values, **overrides})


def _absent(crc: CRC) -> dict[str, bool | None]:
    return {p.name: p.attended for p in crc.participants}


def test_absent_people_named_in_the_call_own_items_at_the_first_answer(transcript: Transcript, ctx: ExtractContext) -> None:
    with ScriptedServer([answer(ANSWER)]) as server:
        crc = extract_llm(transcript, ctx, settings_for(server))
    assert server.counts() == (1, 1)  # no re-ask: the prompt allows it and the validators agree
    assert crc.next_steps[0].owner == "Estelle" and crc.deliverables[0].issuer == "Maître Pons"
    assert crc.deliverables[0].due_date == dt.date(2026, 11, 20)
    attended = _absent(crc)
    assert attended["Estelle"] is False and attended["Maître Pons"] is False and attended["Claire Martin"] is None
    assert crc.metadata.warnings == [] and transcript.warnings == []
    # the JSON contract carries it, and the prompt says so
    assert json.loads(crc.model_dump_json())["participants"][-1]["attended"] is False
    assert "attended = false" in server.chat[0].body["messages"][0]["content"]


def test_a_field_still_wrong_after_every_reask_costs_its_item_not_the_crc(transcript: Transcript, ctx: ExtractContext) -> None:
    bad = copy.deepcopy(ANSWER)
    bad["facts"].append({"text": "Flotte de 300 camions", "evidence": [{"segment": 2, "quote": "on a 300 camions"}]})
    bad["next_steps"][0]["owner"] = "Estelle Girard"  # a surname nobody said
    bad["risks"][0]["category"] = "juridique"  # not a category
    with ScriptedServer(default=answer(bad)) as server:
        crc = extract_llm(transcript, ctx, settings_for(server, max_attempts=3))
    assert server.counts() == (3, 3)  # every re-ask was spent first
    reask = json.dumps(server.chat[1].body["messages"], ensure_ascii=False)
    assert "on a 300 camions" in reask and "Estelle Girard" in reask
    assert [f.text for f in crc.facts] == ["Budget annuel de 50 000 €"]
    assert crc.next_steps[0].owner is None and crc.next_steps[0].action == "Relire les clauses de réversibilité"
    assert crc.risks[0].category.value == "other" and crc.decisions and crc.deliverables[0].issuer == "Maître Pons"
    warnings = " | ".join(crc.metadata.warnings)
    assert len(crc.metadata.warnings) == 4, warnings
    assert "risks[0].category invalide" in warnings and "Estelle Girard" in warnings and "300 camions" in warnings
    [notice] = transcript.warnings
    assert notice.startswith("réponse du modèle encore invalide après 3 tentative(s) : 4 élément(s)") and "\n" not in notice


def test_the_cli_prints_the_notice_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from summarizer.cli.app import app

    source = tmp_path / "appel.txt"
    source.write_text(CALL, encoding="utf-8")
    bad = copy.deepcopy(ANSWER)
    bad["decisions"][0]["evidence"][0]["segment"] = 9
    with ScriptedServer(default=answer(bad)) as server:
        for key, value in {"OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": "sk-test", "CRC_LLM_MODEL": "test-model",
                           "CRC_LLM_MODE": "json_schema", "CRC_LLM_MAX_ATTEMPTS": "2"}.items():
            monkeypatch.setenv(key, value)
        result = CliRunner().invoke(app, ["run", str(source), "--backend", "llm", "--meeting-date", "2026-11-18",
                                          "--client", "Transports Ferrand", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "encore invalide après 2 tentative(s)" in " ".join(result.output.split())
    written = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert written["decisions"] == [] and any("decisions[0]" in w for w in written["metadata"]["warnings"])
